package aws

import (
	"context"
	"errors"
	"sort"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// servicePrefixes maps the SDK's service ID to the IAM prefix the rest of the collector
// speaks (stats keys, Needs).
var servicePrefixes = map[string]string{
	"STS": "sts", "IAM": "iam", "Organizations": "organizations", "CloudTrail": "cloudtrail",
	"Config Service": "config", "GuardDuty": "guardduty", "SecurityHub": "securityhub",
	"S3": "s3", "S3 Control": "s3control", "KMS": "kms", "EC2": "ec2", "RDS": "rds",
	"Backup": "backup", "CloudWatch Logs": "logs", "AccessAnalyzer": "access-analyzer", "Account": "account",
	"Elastic Load Balancing v2": "elasticloadbalancing", "SSM": "ssm", "ACM": "acm",
	"Inspector2": "inspector2", "ECR": "ecr",
}

func servicePrefix(ctx context.Context) string {
	id := awsmiddleware.GetServiceID(ctx)
	if p, ok := servicePrefixes[id]; ok {
		return p
	}
	return id
}

// opCounts is what happened to one operation ("iam:GetCredentialReport").
type opCounts struct {
	calls, attempts, throttles, errors int
}

// requestStats counts every API call the collector makes, per "service:Operation", and
// bounds how many run at once per service. It sits in the SDK middleware stack, so
// paginator pages and retries are counted whether or not the caller remembers to.
type requestStats struct {
	mu    sync.Mutex
	ops   map[string]*opCounts
	limit int
	slots map[string]chan struct{}
}

func newRequestStats(concurrency int) *requestStats {
	return &requestStats{ops: map[string]*opCounts{}, limit: concurrency, slots: map[string]chan struct{}{}}
}

func (s *requestStats) counts(key string) *opCounts {
	c := s.ops[key]
	if c == nil {
		c = &opCounts{}
		s.ops[key] = c
	}
	return c
}

func (s *requestStats) slot(service string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.slots[service]
	if ch == nil {
		ch = make(chan struct{}, s.limit)
		s.slots[service] = ch
	}
	return ch
}

// install adds the counting and limiting middleware to an SDK client's stack.
func (s *requestStats) install(stack *middleware.Stack) error {
	// Initialize runs once per operation call: take a service slot, count the call and
	// its final outcome.
	if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("ismscheck.CountCall",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			service := servicePrefix(ctx)
			key := service + ":" + awsmiddleware.GetOperationName(ctx)
			slot := s.slot(service)
			select {
			case slot <- struct{}{}:
			case <-ctx.Done():
				return middleware.InitializeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			out, md, err := next.HandleInitialize(ctx, in)
			<-slot
			s.mu.Lock()
			c := s.counts(key)
			c.calls++
			if err != nil && !isNotConfigured(err) {
				c.errors++
			}
			s.mu.Unlock()
			return out, md, err
		}), middleware.After); err != nil {
		return err
	}
	// Finalize after Retry runs once per attempt: count attempts and throttles.
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("ismscheck.CountAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleFinalize(ctx, in)
			key := servicePrefix(ctx) + ":" + awsmiddleware.GetOperationName(ctx)
			throttled := err != nil && retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool()
			s.mu.Lock()
			c := s.counts(key)
			c.attempts++
			if throttled {
				c.throttles++
			}
			s.mu.Unlock()
			return out, md, err
		}), "Retry", middleware.After)
}

// stats renders the counts for Coverage.Stats: totals plus one entry per operation,
// with plain ints so the manifest stays JSON-friendly.
func (s *requestStats) stats() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.ops))
	for k := range s.ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	perOp := map[string]any{}
	var calls, retries, throttles, errs int
	for _, k := range keys {
		c := s.ops[k]
		r := max(c.attempts-c.calls, 0)
		perOp[k] = map[string]any{"calls": c.calls, "retries": r, "throttles": c.throttles, "errors": c.errors}
		calls += c.calls
		retries += r
		throttles += c.throttles
		errs += c.errors
	}
	return map[string]any{"calls": calls, "retries": retries, "throttles": throttles, "errors": errs, "requests": perOp}
}

// totals is the calls and retries made so far, for progress reports.
func (s *requestStats) totals() (calls, retries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.ops {
		calls += c.calls
		retries += max(c.attempts-c.calls, 0)
	}
	return calls, retries
}

// callCount is the number of calls made to one operation, for tests and the benchmark.
func (s *requestStats) callCount(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.ops[key]; c != nil {
		return c.calls
	}
	return 0
}

// errorCode is the AWS error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
