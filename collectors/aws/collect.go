// Package aws collects evidence from AWS accounts: IAM (in bulk, from the credential
// report and GetAccountAuthorizationDetails), CloudTrail, Config, GuardDuty, Security Hub,
// S3, KMS, EC2, RDS, Backup, CloudWatch Logs and Access Analyzer, written as the documents
// rules/aws/README.md defines. It only reads, and a fact it could not read is null with an
// error naming the permission, never a value that could pass a rule.
package aws

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/ismscheck/ismscheck/evidence"
)

// CollectorName is the provenance.collector of every document this package makes.
const CollectorName = "aws"

// Evidence kinds this collector writes (rules/aws/README.md).
const (
	KindAccount       = "aws.account"
	KindRegion        = "aws.region"
	KindIAMUser       = "aws.iam.user"
	KindIAMPolicy     = "aws.iam.policy"
	KindIAMRole       = "aws.iam.role"
	KindTrail         = "aws.cloudtrail.trail"
	KindBucket        = "aws.s3.bucket"
	KindKMSKey        = "aws.kms.key"
	KindSecurityGroup = "aws.ec2.security_group"
	KindVPC           = "aws.ec2.vpc"
	KindRDSInstance   = "aws.rds.instance"
	KindBackupPlan    = "aws.backup.plan"
	KindBackupVault   = "aws.backup.vault"
	KindLogGroup      = "aws.logs.log_group"
	KindLoadBalancer  = "aws.elb.load_balancer"
	KindEC2Instance   = "aws.ec2.instance"
	KindCertificate   = "aws.acm.certificate"
)

// Defaults for Options left at zero.
const (
	DefaultConcurrency       = 8
	DefaultClassificationTag = "classification"
)

// Options says which accounts and regions to read, and how.
type Options struct {
	Accounts              []string      // account ids; empty and !UseOrganizations: the caller's own account
	UseOrganizations      bool          // add the organization's ACTIVE accounts (organizations:ListAccounts)
	RoleName              string        // role to assume in each account other than the caller's
	AssumeInCallerAccount bool          // assume RoleName in the caller's account too
	ExternalID            string        // sts:ExternalId for the assumed role
	SessionDuration       time.Duration // assumed-role session length; 0: the SDK default (15 min)
	Regions               []string      // empty: every region enabled for the account
	Profile               string        // shared config profile; "": default chain and AWS_PROFILE
	Concurrency           int           // concurrent calls per service, default 8
	ClassificationTag     string        // bucket/DB tag that marks classified data, default "classification"
	Version               string        // provenance.collector_version
	Now                   func() time.Time
	Log                   *slog.Logger
	Progress              evidence.ProgressFunc // accounts done of those listed, with calls and retries; nil → none
	// HTTPClient replaces the SDK's HTTP client (tests). It is a BuildableClient because
	// the SDK must be able to add AWS_CA_BUNDLE to it.
	HTTPClient *awshttp.BuildableClient
}

// run is one collection: options, the shared request accounting, and what was gathered.
type run struct {
	o     Options
	now   time.Time
	log   *slog.Logger
	stats *requestStats

	mu      sync.Mutex
	docs    []evidence.Document
	failed  []evidence.Error // problems that kept whole documents from being written
	trails  map[string]trailSighting
	regions int
	// unlisted holds the kinds some listing call failed for (in any account or region):
	// for them, no document does not mean no resource, so coverage does not list them.
	unlisted map[string]bool
}

// Collect reads every account and region Options name and returns the documents, sorted
// by kind and id, with the coverage. An error means nothing could be read (no working
// credentials, no account list); a failure in one account, region or API is reported in
// coverage and documents instead.
func Collect(ctx context.Context, o Options) ([]evidence.Document, evidence.Coverage, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.ClassificationTag == "" {
		o.ClassificationTag = DefaultClassificationTag
	}
	r := &run{o: o, now: time.Now().UTC(), log: o.Log, stats: newRequestStats(o.Concurrency), trails: map[string]trailSighting{}, unlisted: map[string]bool{}}
	if o.Now != nil {
		r.now = o.Now().UTC()
	}
	if r.log == nil {
		r.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	cov := evidence.Coverage{Collector: CollectorName, Source: "aws", Kinds: append([]string(nil), all...), Errors: []evidence.Error{}}
	sort.Strings(cov.Kinds)
	fail := func(err error, needs string) ([]evidence.Document, evidence.Coverage, error) {
		cov.Status = evidence.CoverageError
		cov.Errors = append(cov.Errors, evidence.Error{Message: err.Error(), Needs: needs})
		cov.Stats = r.stats.stats()
		return nil, cov, err
	}

	base, err := loadConfig(ctx, o, r.stats)
	if err != nil {
		return fail(err, "")
	}
	me, err := whoAmI(ctx, base)
	if err != nil {
		return fail(err, "")
	}
	accounts, err := accountsToRead(ctx, base, o, me)
	if err != nil {
		return fail(err, needs("organizations", "ListAccounts"))
	}
	cov.Source = "aws:" + joinShort(accounts)
	r.log.Info("aws: collecting", "caller", redact(me.arn), "accounts", len(accounts))

	sessions := map[string]aws.Config{}
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	done := 0
	accountDone := func() {
		progressMu.Lock()
		defer progressMu.Unlock()
		done++
		r.progress(cov.Source, done, len(accounts))
	}
	r.progress(cov.Source, 0, len(accounts))
	for _, account := range accounts {
		cfg, err := accountConfig(ctx, base, o, me, account)
		if err != nil {
			r.failAccount(account, err, needs("sts", "AssumeRole"), isDenied(err))
			r.unreadAccount(account, o.Regions, err, "sts:AssumeRole")
			accountDone()
			continue
		}
		sessions[account] = cfg
		wg.Go(func() {
			r.collectAccount(ctx, cfg, account)
			accountDone()
		})
	}
	wg.Wait()
	r.describeTrails(ctx, sessions)

	sort.Slice(r.docs, func(i, j int) bool {
		if r.docs[i].Kind != r.docs[j].Kind {
			return r.docs[i].Kind < r.docs[j].Kind
		}
		return r.docs[i].ID < r.docs[j].ID
	})
	cov.Collected = len(r.docs)
	cov.Expected = len(r.docs) + len(r.failed)
	for _, d := range r.docs {
		if !d.Complete {
			cov.Incomplete++
		}
	}
	cov.Errors = append(cov.Errors, r.failed...)
	switch {
	case len(r.docs) == 0 && len(r.failed) > 0:
		cov.Status = evidence.CoverageError
	case cov.Incomplete > 0 || len(r.failed) > 0:
		cov.Status = evidence.CoveragePartial
	default:
		cov.Status = evidence.CoverageOK
	}
	cov.Listed = r.listed(ctx)
	cov.Stats = r.stats.stats()
	cov.Stats["accounts"] = len(accounts)
	cov.Stats["regions"] = r.regions
	return r.docs, cov, ctx.Err()
}

func joinShort(accounts []string) string {
	if len(accounts) == 1 {
		return accounts[0]
	}
	return fmt.Sprintf("%d accounts", len(accounts))
}

// collectAccount reads one account: global services once, then every region. When the
// enabled regions cannot be listed, the global facts are still read; the account
// document then says its regions, and with them its trails, are unknown.
func (r *run) collectAccount(ctx context.Context, cfg aws.Config, account string) {
	acct := r.newRecord(KindAccount, "aws:"+account, "aws:"+account)
	acct.set("account_id", account)
	regions, err := regionsToRead(ctx, cfg, r.o)
	trails := newTrailListing()
	if err != nil {
		r.failAccount(account, fmt.Errorf("list enabled regions: %s", describe(err)), needs("ec2", "DescribeRegions"), isDenied(err))
		acct.fail("regions", "ec2", "DescribeRegions", err)
		// No region was read, so no trail listing: DescribeTrails was never called.
		trails.errors = append(trails.errors, fault("ec2", "DescribeRegions", err))
	} else {
		acct.set("regions", regions)
	}
	r.mu.Lock()
	r.regions += len(regions)
	r.mu.Unlock()

	var wg sync.WaitGroup
	wg.Go(func() { r.collectIAM(ctx, cfg, account, acct) })
	wg.Go(func() { r.collectBuckets(ctx, cfg, account, acct) })
	wg.Go(func() { r.accountPublicAccessBlock(ctx, cfg, account, acct) })
	wg.Go(func() { r.organization(ctx, cfg, account, acct) })
	wg.Go(func() { securityContact(ctx, cfg, acct) })
	for _, region := range regions {
		wg.Go(func() { r.collectRegion(ctx, regional(cfg, region), account, region, trails) })
	}
	wg.Wait()
	trails.record(acct)
	r.emit(acct)
}

// unreadAccount writes the documents of an account that could not be read at all (its
// role could not be assumed): an aws.account document, and one aws.region document per
// configured region, each incomplete with the reason. The error names no single
// permission, so every rule judging those documents reports an error for the account
// rather than leaving it out of the results (or passing it).
func (r *run) unreadAccount(account string, regions []string, err error, action string) {
	e := evidence.Error{Message: fmt.Sprintf("account %s could not be read (%s): %s", account, action, redact(err.Error())), Denied: isDenied(err)}
	acct := r.newRecord(KindAccount, "aws:"+account, "aws:"+account)
	acct.set("account_id", account)
	acct.set("regions", nil)
	acct.set("inventory", nil)
	acct.failWith("", e)
	r.emit(acct)
	for _, region := range compact(slices.Sorted(slices.Values(regions))) {
		rec := r.regionalRecord(KindRegion, fmt.Sprintf("aws:%s:%s", account, region), account, region)
		rec.set("inventory", nil)
		rec.failWith("", e)
		r.emit(rec)
	}
}

// failAccount records an account (or account part) that could not be read at all: no
// kind is then listed in full.
func (r *run) failAccount(account string, err error, need string, denied bool) {
	msg := fmt.Sprintf("account %s: %s", account, redact(err.Error()))
	r.log.Warn("aws: "+msg, "needs", need)
	r.mu.Lock()
	r.failed = append(r.failed, evidence.Error{Message: msg, Needs: need, Denied: denied})
	for _, k := range all {
		r.unlisted[k] = true
	}
	r.mu.Unlock()
}

// failPart records a resource list that could not be read: its documents are missing,
// so the coverage says which call failed, and the kinds the call feeds are not listed in
// full (every kind, for a call the table does not know).
func (r *run) failPart(scope, service, operation string, err error) {
	e := fault(service, operation, err)
	e.Message = scope + ": " + e.Message
	r.log.Warn("aws: "+e.Message, "needs", e.Needs)
	kinds := all
	if c, ok := callsByOperation[service+":"+operation]; ok {
		kinds = c.kinds
	}
	r.mu.Lock()
	r.failed = append(r.failed, e)
	for _, k := range kinds {
		r.unlisted[k] = true
	}
	r.mu.Unlock()
}

// listingFailed records a resource listing that failed: in coverage (failPart), and on the
// account or region document whose inventory it is, as null with the error, so that the
// rules declaring the call skip or error there instead of reading "no such resource".
func (r *run) listingFailed(scope string, rec *record, kind, service, operation string, err error) {
	r.failPart(scope, service, operation, err)
	rec.unlisted(kind, fault(service, operation, err))
}

// listed names the kinds read in full: every kind whose listing calls all succeeded. A
// cancelled run lists none, since any list may have been cut short.
func (r *run) listed(ctx context.Context) []string {
	if ctx.Err() != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, k := range all {
		if !r.unlisted[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// progress reports accounts done, with the calls and retries so far.
func (r *run) progress(source string, done, total int) {
	if r.o.Progress == nil {
		return
	}
	calls, retries := r.stats.totals()
	r.o.Progress.Report(evidence.Progress{Collector: CollectorName, Source: source, Unit: "accounts", Done: done, Total: total, Requests: calls, Retries: retries})
}
