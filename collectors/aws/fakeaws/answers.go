package fakeaws

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// answer serves one call: dynamic operations from the model, the rest from static bodies.
func (s *Server) answer(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	acct := s.accounts[q.account]
	s.mu.Unlock()
	switch q.service + ":" + q.op {
	case "sts:AssumeRole":
		s.assumeRole(w, q)
		return
	case "sts:GetCallerIdentity":
		if _, ok := s.static["sts:GetCallerIdentity"]; ok && q.account == s.Caller {
			break
		}
		s.write(w, q, []byte(fmt.Sprintf(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::%[1]s:assumed-role/audit/ismscheck</Arn><UserId>AROAFAKE:ismscheck</UserId><Account>%[1]s</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, q.account)))
		return
	}
	if acct != nil {
		switch q.service + ":" + q.op {
		case "iam:GetAccountAuthorizationDetails":
			s.authorizationDetails(w, q, acct)
			return
		case "iam:GenerateCredentialReport":
			s.generateReport(w, q)
			return
		case "iam:GetCredentialReport":
			s.credentialReport(w, q, acct)
			return
		case "iam:ListVirtualMFADevices":
			s.virtualMFA(w, q, acct)
			return
		case "iam:ListMFADevices":
			s.userMFA(w, q, acct)
			return
		case "s3:ListBuckets":
			s.listBuckets(w, q, acct)
			return
		}
		if q.service == "s3" {
			s.bucketSetting(w, q, acct)
			return
		}
	}
	body, ok := s.static[q.service+":"+q.op]
	for _, v := range q.json { // a per-resource answer, e.g. kms/DescribeKey.<KeyId>.json
		if b, found := s.static[q.service+":"+q.op+"."+v]; found {
			body, ok = b, true
		}
	}
	// A per-resource answer to a query-protocol call, named by the last path segment of
	// an ARN parameter: elasticloadbalancing/DescribeListeners.<load balancer id>.xml.
	for k := range q.params {
		v := q.params.Get(k)
		if b, found := s.static[q.service+":"+q.op+"."+v[strings.LastIndex(v, "/")+1:]]; found && strings.HasPrefix(v, "arn:") {
			body, ok = b, true
		}
	}
	if !ok {
		s.writeError(w, q, http.StatusNotImplemented, "NotImplemented", "fakeaws has no answer for "+q.service+":"+q.op)
		return
	}
	s.write(w, q, fill(body, q))
}

func (s *Server) assumeRole(w http.ResponseWriter, q *request) {
	arn := q.params.Get("RoleArn")
	parts := strings.Split(arn, ":")
	if len(parts) < 6 || (s.ExternalID != "" && q.params.Get("ExternalId") != s.ExternalID) {
		s.writeError(w, q, http.StatusForbidden, "AccessDenied", "not authorized to perform sts:AssumeRole")
		return
	}
	account := parts[4]
	s.mu.Lock()
	_, known := s.accounts[account]
	s.mu.Unlock()
	if !known {
		s.writeError(w, q, http.StatusForbidden, "AccessDenied", "not authorized to perform sts:AssumeRole on "+arn)
		return
	}
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	s.write(w, q, []byte(fmt.Sprintf(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAFAKE%[1]s</AccessKeyId><SecretAccessKey>fakeSecretFor%[1]s</SecretAccessKey><SessionToken>fakeSessionTokenFor%[1]s</SessionToken><Expiration>%[2]s</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::%[1]s:assumed-role/audit/ismscheck</Arn><AssumedRoleId>AROAFAKE:ismscheck</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>`, account, exp)))
}

// authorizationDetails pages over users, groups, roles and policies in that order,
// MaxItems entities per page, with Marker/IsTruncated as IAM does.
func (s *Server) authorizationDetails(w http.ResponseWriter, q *request, a *Account) {
	lists := []string{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}
	type entity struct {
		list string
		v    any
	}
	var all []entity
	for _, l := range lists {
		items, _ := a.Authorization[l].([]any)
		for _, it := range items {
			all = append(all, entity{l, it})
		}
	}
	size := 100
	if n, err := strconv.Atoi(q.params.Get("MaxItems")); err == nil && n > 0 {
		size = n
	}
	if s.PageLimit > 0 {
		size = min(size, s.PageLimit)
	}
	start, _ := strconv.Atoi(q.params.Get("Marker"))
	end := min(start+size, len(all))
	page := map[string][]any{}
	for _, e := range all[start:end] {
		page[e.list] = append(page[e.list], e.v)
	}
	var b strings.Builder
	b.WriteString(`<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult>`)
	for _, l := range lists {
		b.WriteString("<" + l + ">")
		for _, v := range page[l] {
			b.WriteString("<member>")
			queryXML(&b, v)
			b.WriteString("</member>")
		}
		b.WriteString("</" + l + ">")
	}
	if end < len(all) {
		fmt.Fprintf(&b, "<IsTruncated>true</IsTruncated><Marker>%d</Marker>", end)
	} else {
		b.WriteString("<IsTruncated>false</IsTruncated>")
	}
	b.WriteString(`</GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`)
	s.write(w, q, []byte(b.String()))
}

// policyFields hold policy documents: IAM sends them URL-encoded.
var policyFields = map[string]bool{"PolicyDocument": true, "Document": true, "AssumeRolePolicyDocument": true}

// queryXML writes a CLI-shaped JSON value in the query protocol's XML: objects become
// elements, lists become <member> items, policy documents URL-encoded JSON.
func queryXML(b *strings.Builder, v any) {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("<" + k + ">")
			if policyFields[k] {
				raw, _ := json.Marshal(t[k])
				b.WriteString(escapeXML(queryEscape(string(raw))))
			} else {
				queryXML(b, t[k])
			}
			b.WriteString("</" + k + ">")
		}
	case []any:
		for _, it := range t {
			b.WriteString("<member>")
			queryXML(b, it)
			b.WriteString("</member>")
		}
	case nil:
	case string:
		b.WriteString(escapeXML(t))
	default:
		b.WriteString(escapeXML(fmt.Sprint(t)))
	}
}

func queryEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~*", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func (s *Server) generateReport(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	n := s.reports[q.account]
	s.reports[q.account]++
	s.mu.Unlock()
	state := "COMPLETE"
	if n < s.ReportReadyAfter {
		state = "STARTED"
	}
	s.write(w, q, []byte(fmt.Sprintf(`<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateCredentialReportResult><State>%s</State><Description>No report exists. Starting a new report generation task</Description></GenerateCredentialReportResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`, state)))
}

// CredentialReportHeader is the documented column order (testdata's header fixture).
var CredentialReportHeader []string

func (s *Server) credentialReport(w http.ResponseWriter, q *request, a *Account) {
	s.mu.Lock()
	ready := s.reports[q.account] > s.ReportReadyAfter
	s.mu.Unlock()
	if !ready {
		s.writeError(w, q, http.StatusNotFound, "ReportInProgress", "report in progress")
		return
	}
	var csv strings.Builder
	csv.WriteString(strings.Join(CredentialReportHeader, ",") + "\n")
	names := make([]string, 0, len(a.Credentials))
	for n := range a.Credentials {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		row := a.Credentials[n]
		cells := make([]string, len(CredentialReportHeader))
		for i, col := range CredentialReportHeader {
			cells[i] = row[col]
		}
		csv.WriteString(strings.Join(cells, ",") + "\n")
	}
	content := base64.StdEncoding.EncodeToString([]byte(csv.String()))
	s.write(w, q, []byte(fmt.Sprintf(`<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetCredentialReportResult><Content>%s</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-21T01:00:00Z</GeneratedTime></GetCredentialReportResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCredentialReportResponse>`, content)))
}

// virtualMFA pages the assigned virtual devices (MaxItems, Marker = index of the next one).
func (s *Server) virtualMFA(w http.ResponseWriter, q *request, a *Account) {
	serials := make([]string, 0, len(a.VirtualMFA))
	for serial := range a.VirtualMFA {
		serials = append(serials, serial)
	}
	sort.Strings(serials)
	size := 100 // IAM's default MaxItems
	if n, err := strconv.Atoi(q.params.Get("MaxItems")); err == nil && n > 0 {
		size = n
	}
	if s.PageLimit > 0 {
		size = min(size, s.PageLimit)
	}
	start, _ := strconv.Atoi(q.params.Get("Marker"))
	start = min(max(start, 0), len(serials))
	end := min(start+size, len(serials))
	var b strings.Builder
	fmt.Fprintf(&b, `<ListVirtualMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListVirtualMFADevicesResult><IsTruncated>%t</IsTruncated>`, end < len(serials))
	if end < len(serials) {
		fmt.Fprintf(&b, `<Marker>%d</Marker>`, end)
	}
	b.WriteString(`<VirtualMFADevices>`)
	for _, serial := range serials[start:end] {
		arn := a.VirtualMFA[serial]
		fmt.Fprintf(&b, `<member><SerialNumber>%s</SerialNumber><User><UserName>%s</UserName><Arn>%s</Arn><UserId>AIDAFAKE</UserId><Path>/</Path><CreateDate>2020-01-01T00:00:00Z</CreateDate></User><EnableDate>2020-01-01T00:00:00Z</EnableDate></member>`,
			serial, escapeXML(arn[strings.LastIndex(arn, "/")+1:]), arn)
	}
	b.WriteString(`</VirtualMFADevices></ListVirtualMFADevicesResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></ListVirtualMFADevicesResponse>`)
	s.write(w, q, []byte(b.String()))
}

// userMFA is ListMFADevices for one user (UserName): the user's virtual devices and the
// tokens and keys in OtherMFA, in the shape of the IAM API reference's sample response.
func (s *Server) userMFA(w http.ResponseWriter, q *request, a *Account) {
	user := q.params.Get("UserName")
	var serials []string
	for serial, arn := range a.VirtualMFA {
		if strings.HasSuffix(arn, ":user/"+user) || strings.HasSuffix(arn, "/"+user) {
			serials = append(serials, serial)
		}
	}
	serials = append(serials, a.OtherMFA[user]...)
	sort.Strings(serials)
	var b strings.Builder
	b.WriteString(`<ListMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListMFADevicesResult><IsTruncated>false</IsTruncated><MFADevices>`)
	for _, serial := range serials {
		fmt.Fprintf(&b, `<member><UserName>%s</UserName><SerialNumber>%s</SerialNumber><EnableDate>2023-09-19T02:25:35Z</EnableDate></member>`, escapeXML(user), escapeXML(serial))
	}
	b.WriteString(`</MFADevices></ListMFADevicesResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></ListMFADevicesResponse>`)
	s.write(w, q, []byte(b.String()))
}

func (s *Server) listBuckets(w http.ResponseWriter, q *request, a *Account) {
	size := 10000
	if n, err := strconv.Atoi(q.params.Get("max-buckets")); err == nil && n > 0 {
		size = n
	}
	if s.PageLimit > 0 {
		size = min(size, s.PageLimit)
	}
	start, _ := strconv.Atoi(q.params.Get("continuation-token"))
	end := min(start+size, len(a.Buckets))
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>fakeowner</ID></Owner><Buckets>`)
	for _, bk := range a.Buckets[start:end] {
		fmt.Fprintf(&b, `<Bucket><Name>%s</Name><CreationDate>%s</CreationDate>`, bk.Name, bk.Created.UTC().Format(time.RFC3339))
		if !bk.NoRegionInList {
			fmt.Fprintf(&b, `<BucketRegion>%s</BucketRegion>`, bk.Region)
		}
		b.WriteString(`</Bucket>`)
	}
	b.WriteString(`</Buckets>`)
	if end < len(a.Buckets) {
		fmt.Fprintf(&b, `<ContinuationToken>%d</ContinuationToken>`, end)
	}
	b.WriteString(`</ListAllMyBucketsResult>`)
	s.write(w, q, []byte(b.String()))
}

// bucketSetting answers the per-bucket Get* calls; an empty setting is the service's
// "not configured" error.
func (s *Server) bucketSetting(w http.ResponseWriter, q *request, a *Account) {
	var bk *Bucket
	for i := range a.Buckets {
		if a.Buckets[i].Name == q.bucket {
			bk = &a.Buckets[i]
		}
	}
	if bk == nil {
		s.writeError(w, q, http.StatusNotFound, "NoSuchBucket", "no bucket "+q.bucket)
		return
	}
	if q.op != "GetBucketLocation" && q.region != bk.Region {
		s.writeError(w, q, http.StatusMovedPermanently, "PermanentRedirect", "asked in "+q.region+", bucket is in "+bk.Region)
		return
	}
	const ns = `<?xml version="1.0" encoding="UTF-8"?>`
	var body, missing string
	switch q.op {
	case "GetBucketLocation":
		loc := bk.Region
		if loc == "us-east-1" {
			loc = ""
		}
		body = ns + `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + loc + `</LocationConstraint>`
	case "GetPublicAccessBlock":
		body, missing = bk.PublicAccessBlock, "NoSuchPublicAccessBlockConfiguration"
	case "GetBucketPolicyStatus":
		body, missing = bk.PolicyStatus, "NoSuchBucketPolicy"
	case "GetBucketPolicy":
		if bk.Policy == "" {
			s.writeError(w, q, http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(bk.Policy))
		return
	case "GetBucketEncryption":
		body, missing = bk.Encryption, "ServerSideEncryptionConfigurationNotFoundError"
	case "GetBucketVersioning":
		body = bk.Versioning
		if body == "" {
			body = ns + `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`
		}
	case "GetBucketLogging":
		body = bk.Logging
		if body == "" {
			body = ns + `<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`
		}
	case "GetBucketTagging":
		body, missing = bk.Tagging, "NoSuchTagSet"
	default:
		s.writeError(w, q, http.StatusNotImplemented, "NotImplemented", q.op)
		return
	}
	if body == "" {
		s.writeError(w, q, http.StatusNotFound, missing, "not configured")
		return
	}
	s.write(w, q, []byte(body))
}

// jsonStrings keeps the top-level string fields of a JSON request body.
func jsonStrings(body []byte) map[string]string {
	out := map[string]string{}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return out
	}
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}
