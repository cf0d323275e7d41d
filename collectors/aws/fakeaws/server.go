// Package fakeaws is a loopback AWS endpoint for the collector's tests and benchmark. It
// answers each service in its own wire protocol (query/XML for IAM, STS, EC2, RDS and ELBv2,
// REST-XML for S3 and S3 Control, JSON 1.1 and REST-JSON for the rest), from response
// bodies kept in the collector's testdata (AWS's own samples, converted to the wire
// format where they were CLI output) plus a small model for what must be dynamic:
// paginated IAM authorization details, the credential report, buckets and assumed roles.
package fakeaws

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// Server is the fake endpoint. Point the SDK at URL (AWS_ENDPOINT_URL) and, for S3
// Control's account-prefixed host, dial Addr whatever the host name (see Dialer).
type Server struct {
	URL  string
	Addr string

	// Latency is added to every answer: a sub-millisecond server trips the SDK into
	// closing connections early (aws-sdk-go-v2 issue 2737), and real calls take time.
	Latency time.Duration
	// Caller is the account whose credentials are not from AssumeRole.
	Caller string
	// ExternalID, when set, must accompany every AssumeRole.
	ExternalID string
	// ReportReadyAfter is how many GenerateCredentialReport calls answer STARTED before
	// COMPLETE.
	ReportReadyAfter int
	// PageLimit, when set, caps every page (MaxItems, max-buckets) to force pagination.
	PageLimit int

	srv      *httptest.Server
	static   map[string][]byte // "service:Operation" -> body template
	mu       sync.Mutex
	accounts map[string]*Account
	faults   []*fault
	calls    map[string]int
	bodies   []string // every request body and header line seen (to look for leaked secrets)
	reports  map[string]int
}

// Account is what one fake account holds beyond the static answers.
type Account struct {
	ID string
	// Authorization is GetAccountAuthorizationDetails in the CLI's shape (UserDetailList,
	// GroupDetailList, RoleDetailList, Policies), documents as JSON objects.
	Authorization map[string]any
	// Credentials holds each credential-report row by user name ("<root_account>" too),
	// column -> value; "user" and "arn" are filled in.
	Credentials map[string]map[string]string
	// VirtualMFA lists assigned virtual MFA devices: serial -> user ARN.
	VirtualMFA map[string]string
	// OtherMFA lists each user's hardware TOTP tokens and FIDO keys: user name -> serials.
	// ListMFADevices answers with these and the user's virtual devices.
	OtherMFA map[string][]string
	Buckets  []Bucket
}

// Bucket is one S3 bucket and the settings its Get* calls return.
type Bucket struct {
	Name, Region string
	Created      time.Time
	// Each field is an XML body for that call, or "" for the "not configured" error.
	PublicAccessBlock, PolicyStatus, Encryption, Versioning, Logging, Tagging string
	Policy                                                                    string // JSON
	NoRegionInList                                                            bool   // ListBuckets omits BucketRegion
}

// New starts a server answering with the bodies under dir (service/Operation.xml|json).
func New(dir string) (*Server, error) {
	s := &Server{static: map[string][]byte{}, accounts: map[string]*Account{}, calls: map[string]int{}, reports: map[string]int{},
		Latency: 2 * time.Millisecond, Caller: "123456789012", ReportReadyAfter: 1}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(path)
		if ext != ".xml" && ext != ".json" {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		service := filepath.Dir(rel)
		op := strings.TrimSuffix(filepath.Base(rel), ext)
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s.static[service+":"+op] = raw
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	s.Addr = s.srv.Listener.Addr().String()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// AddAccount registers an account's model.
func (s *Server) AddAccount(a *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[a.ID] = a
}

// SetStatic replaces the body of one static answer ("iam:GetAccountSummary").
func (s *Server) SetStatic(key string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.static[key] = body
}

// HTTPClient is an SDK HTTP client whose every connection goes to the server, whatever
// host the SDK built: S3 Control prefixes the account id to the endpoint's host name,
// which no resolver knows for 127.0.0.1. It is a BuildableClient so AWS_CA_BUNDLE, when
// set, can still be applied to it.
func (s *Server) HTTPClient() *awshttp.BuildableClient {
	var d net.Dialer
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.Proxy = nil
		t.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, s.Addr)
		}
	})
}

type fault struct {
	key     string // "s3:GetBucketEncryption"
	status  int
	code    string
	message string
	times   int // -1: always
}

// Fail makes the next times calls to key (or every call, times < 0) answer with the
// given status and error code in the service's error format.
func (s *Server) Fail(key string, status int, code string, times int) {
	s.FailWith(key, status, code, "injected "+code, times)
}

// FailWith is Fail with the error message AWS would send.
func (s *Server) FailWith(key string, status int, code, message string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{key: key, status: status, code: code, message: message, times: times})
}

// FailRegion makes every call signed for region answer with the given status and code,
// as a region that is not enabled for the account, or is down, does.
func (s *Server) FailRegion(region string, status int, code string) {
	s.FailWith("region:"+region, status, code, "injected "+code+" in "+region, -1)
}

// Calls is how many requests reached key ("iam:GetAccountAuthorizationDetails"),
// failed attempts included.
func (s *Server) Calls(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[key]
}

// TotalCalls is every request the server answered.
func (s *Server) TotalCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

// ResetCalls zeroes the counters (between benchmark iterations).
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
	s.reports = map[string]int{}
	s.bodies = nil
}

// request is one parsed call.
type request struct {
	service, op, region, account, accessKey string
	bucket                                  string
	params                                  url.Values        // query-protocol form or URL query
	json                                    map[string]string // top-level string fields of a JSON body
	path                                    []string
	r                                       *http.Request
}

var credentialScope = regexp.MustCompile(`Credential=([^/]+)/[0-9]+/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	time.Sleep(s.Latency)
	body, _ := io.ReadAll(r.Body)
	q := &request{r: r, params: r.URL.Query(), json: map[string]string{}}
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		q.accessKey, q.region, q.service = m[1], m[2], m[3]
	}
	q.account = s.accountFor(q.accessKey)
	s.route(q, body)
	key := q.service + ":" + q.op

	s.mu.Lock()
	s.calls[key]++
	s.bodies = append(s.bodies, string(body), r.URL.RawQuery)
	var hit *fault
	for _, f := range s.faults {
		if (f.key == key || f.key == "region:"+q.region) && f.times != 0 {
			if f.times > 0 {
				f.times--
			}
			hit = f
			break
		}
	}
	s.mu.Unlock()
	if hit != nil {
		s.writeError(w, q, hit.status, hit.code, hit.message)
		return
	}
	s.answer(w, q)
}

// accountFor maps an access key to its account: assumed-role keys carry it.
func (s *Server) accountFor(accessKey string) string {
	if rest, ok := strings.CutPrefix(accessKey, "ASIAFAKE"); ok && len(rest) == 12 {
		return rest
	}
	return s.Caller
}

// route finds the operation from the protocol: X-Amz-Target (JSON 1.1), Action (query),
// path and query keys (REST).
func (s *Server) route(q *request, body []byte) {
	r := q.r
	q.path = strings.FieldsFunc(r.URL.Path, func(c rune) bool { return c == '/' })
	switch {
	case q.service == "s3" && len(q.path) > 0 && q.path[0] == "v20180820":
		q.service, q.op = "s3control", "GetPublicAccessBlock"
	case q.service == "s3":
		q.bucket = bucketOf(r, q.path)
		q.op = s3Operation(q)
	case r.Header.Get("X-Amz-Target") != "":
		t := r.Header.Get("X-Amz-Target")
		q.op = t[strings.LastIndex(t, ".")+1:]
		q.json = jsonStrings(body)
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		q.params, _ = url.ParseQuery(string(body))
		q.op = q.params.Get("Action")
	default:
		q.json = jsonStrings(body)
		q.op = restJSONOperation(q)
	}
}

func bucketOf(r *http.Request, path []string) string {
	host := r.Host
	if i := strings.Index(host, ".127.0.0.1"); i > 0 {
		return host[:i]
	}
	if i := strings.Index(host, ".localhost"); i > 0 {
		return host[:i]
	}
	if len(path) > 0 {
		return path[0]
	}
	return ""
}

func s3Operation(q *request) string {
	if q.bucket == "" {
		return "ListBuckets"
	}
	for _, sub := range []struct{ key, op string }{
		{"location", "GetBucketLocation"}, {"publicAccessBlock", "GetPublicAccessBlock"}, {"policyStatus", "GetBucketPolicyStatus"},
		{"policy", "GetBucketPolicy"}, {"encryption", "GetBucketEncryption"}, {"versioning", "GetBucketVersioning"},
		{"logging", "GetBucketLogging"}, {"tagging", "GetBucketTagging"},
	} {
		if _, ok := q.params[sub.key]; ok {
			return sub.op
		}
	}
	return "Unknown"
}

// restJSONOperation maps REST-JSON paths (GuardDuty, Backup, Account, Security Hub, Access Analyzer, Inspector v2).
func restJSONOperation(q *request) string {
	p := strings.Join(q.path, "/")
	m := q.r.Method
	switch q.service {
	case "guardduty":
		switch {
		case p == "detector":
			return "ListDetectors"
		case strings.HasSuffix(p, "/administrator"):
			return "GetAdministratorAccount"
		case strings.HasSuffix(p, "/member") && m == http.MethodGet:
			return "ListMembers"
		case strings.HasSuffix(p, "/findings/get"):
			return "GetFindings"
		case strings.HasSuffix(p, "/findings"):
			return "ListFindings"
		case len(q.path) == 2:
			return "GetDetector"
		}
	case "backup":
		switch {
		case p == "backup/plans":
			return "ListBackupPlans"
		case p == "backup-vaults":
			return "ListBackupVaults"
		case len(q.path) == 4 && q.path[3] == "selections":
			return "ListBackupSelections"
		case len(q.path) == 5 && q.path[3] == "selections":
			return "GetBackupSelection"
		case len(q.path) == 3:
			return "GetBackupPlan"
		}
	case "account":
		if p == "getAlternateContact" && m == http.MethodPost {
			return "GetAlternateContact"
		}
	case "securityhub":
		if p == "standards/get" {
			return "GetEnabledStandards"
		}
	case "inspector2":
		if p == "status/batch/get" && m == http.MethodPost {
			return "BatchGetAccountStatus"
		}
	case "access-analyzer":
		switch {
		case p == "analyzer" && m == http.MethodGet:
			return "ListAnalyzers"
		case p == "findingv2":
			return "ListFindingsV2"
		}
	}
	return "Unknown" + m + "/" + p
}

// protocol names the wire protocol a service speaks.
func protocol(service string) string {
	switch service {
	case "iam", "sts", "rds", "elasticloadbalancing":
		return "query"
	case "ec2":
		return "ec2"
	case "s3":
		return "s3"
	case "s3control":
		return "s3control"
	case "cloudtrail", "kms", "config", "organizations", "logs", "ssm", "acm", "ecr":
		return "json"
	}
	return "restjson"
}

func (s *Server) writeError(w http.ResponseWriter, q *request, status int, code, msg string) {
	switch protocol(q.service) {
	case "query":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://%s.amazonaws.com/doc/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`, q.service, code, msg)
	case "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>fake-request</RequestID></Response>`, code, msg)
	case "s3":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>fake-request</RequestId></Error>`, code, msg)
	case "s3control":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`, code, msg)
	default:
		ct := "application/json"
		if protocol(q.service) == "json" {
			ct = "application/x-amz-json-1.1"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
	}
}

func (s *Server) write(w http.ResponseWriter, q *request, body []byte) {
	switch protocol(q.service) {
	case "query", "ec2":
		w.Header().Set("Content-Type", "text/xml")
	case "s3", "s3control":
		w.Header().Set("Content-Type", "application/xml")
	case "json":
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	default:
		w.Header().Set("Content-Type", "application/json")
	}
	w.Write(body)
}

// fill substitutes {{region}}, {{account}} and {{Field}} (a string field of the JSON
// request body or a query parameter) in a static body, so one file serves every region
// and key.
func fill(body []byte, q *request) []byte {
	if !bytes.Contains(body, []byte("{{")) {
		return body
	}
	out := string(body)
	out = strings.ReplaceAll(out, "{{region}}", q.region)
	out = strings.ReplaceAll(out, "{{account}}", q.account)
	for k, v := range q.json {
		out = strings.ReplaceAll(out, "{{"+k+"}}", v)
	}
	for k := range q.params {
		out = strings.ReplaceAll(out, "{{"+k+"}}", q.params.Get(k))
	}
	return []byte(out)
}

// Seen reports whether any request body or query string contained needle (tests use it
// to show the collector sends what it should, and nothing else).
func (s *Server) Seen(needle string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.bodies {
		if strings.Contains(b, needle) {
			return true
		}
	}
	return false
}
