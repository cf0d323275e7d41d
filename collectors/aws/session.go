package aws

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// maxAttempts bounds retries per call: enough to ride out throttling bursts on IAM and S3
// in a large account, few enough that a broken endpoint fails within a minute.
const maxAttempts = 8

// maxBackoff caps the wait between attempts (the SDK default). Tests shorten it.
var maxBackoff = 20 * time.Second

// defaultRegion is where global services (IAM, S3 Control, STS, Organizations) are asked
// when neither the options nor the profile name a region.
const defaultRegion = "us-east-1"

// loadConfig reads the SDK's default configuration (environment, shared config and
// credentials files, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_CA_BUNDLE, SSO, IMDS) and adds the
// collector's retry policy and request accounting. Nothing here overrides an endpoint: the
// SDK resolves AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself.
func loadConfig(ctx context.Context, o Options, stats *requestStats) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(a *retry.AdaptiveModeOptions) {
				a.StandardOptions = append(a.StandardOptions, func(s *retry.StandardOptions) {
					s.MaxAttempts = maxAttempts
					s.MaxBackoff = maxBackoff
					// Adaptive mode already slows the client down on throttling; the
					// standard retry quota on top would turn a burst of throttles in a
					// large account into hard failures.
					s.RateLimiter = ratelimit.None
				})
			})
		}),
		config.WithAPIOptions([]func(*middleware.Stack) error{stats.install}),
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	if o.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(o.HTTPClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("load AWS configuration: %s", redact(err.Error()))
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	return cfg, nil
}

// caller is who the base credentials belong to.
type caller struct {
	account string
	arn     string
}

// whoAmI asks STS for the caller's identity; it is also the first proof that credentials
// work at all.
func whoAmI(ctx context.Context, cfg aws.Config) (caller, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return caller{}, fmt.Errorf("AWS credentials do not work (sts:GetCallerIdentity): %s", describe(err))
	}
	return caller{account: aws.ToString(out.Account), arn: aws.ToString(out.Arn)}, nil
}

// accountConfig returns the configuration to read one account with: the caller's own, or
// credentials from assuming RoleName there. The role is assumed eagerly so a refusal is
// reported once, for the account, instead of once per API call.
func accountConfig(ctx context.Context, base aws.Config, o Options, me caller, account string) (aws.Config, error) {
	if o.RoleName == "" || (account == me.account && !o.AssumeInCallerAccount) {
		return base, nil
	}
	arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", partitionOf(me.arn), account, o.RoleName)
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(base), arn, func(a *stscreds.AssumeRoleOptions) {
		a.RoleSessionName = "ismscheck"
		if o.ExternalID != "" {
			a.ExternalID = aws.String(o.ExternalID)
		}
		if o.SessionDuration > 0 {
			a.Duration = o.SessionDuration
		}
	})
	cfg := base.Copy()
	cfg.Credentials = aws.NewCredentialsCache(provider)
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return cfg, &cleanError{fmt.Sprintf("assume %s: %s", arn, describe(err)), err}
	}
	return cfg, nil
}

// partitionOf reads the partition ("aws", "aws-us-gov", "aws-cn") from an ARN.
func partitionOf(arn string) string {
	if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 && parts[0] == "arn" && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}

// regional returns cfg pointed at one region.
func regional(cfg aws.Config, region string) aws.Config {
	c := cfg.Copy()
	c.Region = region
	return c
}

// cleanError carries a redacted, stable message while keeping the SDK error underneath
// for errors.As (so AccessDenied is still recognized).
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }
