package engine

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

const policyRule = `# METADATA
# title: Policies name an owner
# scope: package
# custom:
#   id: T-01
#   severity: minor
#   controls: ["A.5.1", "7.5.2"]
#   kinds: [isms.document]
#   remediation: Set owner in the front matter.
package test.t01

applies if input.document.data.type == "policy"

deny contains {"msg": sprintf("%s has no owner", [input.document.id]), "line": 2} if {
	not input.document.data.meta.owner
}

deny contains {"msg": "review due soon", "grade": "observation", "key": "review"} if {
	due := time.parse_ns("2006-01-02", input.document.data.meta.next_review)
	due - time.now_ns() < (30 * 24) * 3600e9
	due >= time.now_ns()
}
`

const scopeRule = `# METADATA
# title: Scope documented
# scope: package
# custom:
#   id: T-02
#   severity: major
#   controls: ["4.3"]
#   kinds: [isms.repository, isms.document]
#   input: inventory
#   subject: isms.repository
#   remediation: Write scope.md.
#   params:
#     wanted: scope
package test.t02

deny contains "no scope statement" if {
	not any_scope
}

any_scope if {
	some d in input.documents["isms.document"]
	d.data.type == input.params.wanted
}
`

func pack(t *testing.T, files map[string]string) (*Pack, error) {
	t.Helper()
	m := fstest.MapFS{}
	for name, src := range files {
		m[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return Load(context.Background(), Source{Name: "userrules", FS: m})
}

func doc(kind, id string, complete bool, data map[string]any) evidence.Document {
	d := evidence.Document{Kind: kind, ID: id, Complete: complete, Data: data}
	if !complete {
		d.Errors = []evidence.Error{{File: id, Line: 7, Message: "did not find expected key"}}
	}
	_ = d.Seal()
	return d
}

func TestLoadRefusesEscapes(t *testing.T) {
	for name, call := range map[string]string{
		"http.send":   `http.send({"method": "GET", "url": "https://example.com"})`,
		"opa.runtime": `opa.runtime()`,
		"net":         `net.lookup_ip_addr("example.com")`,
	} {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(scopeRule, "not any_scope", "x := "+call+"\n\tx", 1)
			_, err := pack(t, map[string]string{"exfil.rego": src})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "userrules/exfil.rego:17")
			assert.Contains(t, err.Error(), strings.Split(call, "(")[0])
		})
	}
}

func TestLoadValidatesMetadata(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"bad severity", "severity: major", "severity: critical", "exfil.rego:1: METADATA: custom.severity critical is not a grade"},
		{"unknown control", `["4.3"]`, `["A.9.9"]`, "A.9.9"},
		{"unknown kind", "[isms.repository, isms.document]", "[isms.repository, isms.documents]", `unknown evidence kind "isms.documents"`},
		{"no id", "#   id: T-02\n", "", "custom.id is required"},
		{"no remediation", "#   remediation: Write scope.md.\n", "", "custom.remediation is required"},
		{"bad subject", "subject: isms.repository", "subject: github.repository", "custom.subject"},
		{"unknown field", "#   params:", "#   sevrity: minor\n#   params:", "custom.sevrity is not a known field"},
		{"syntax", "not any_scope", "not any_scope +", "userrules/exfil.rego:18: rego_parse_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pack(t, map[string]string{"exfil.rego": strings.Replace(scopeRule, tt.from, tt.to, 1)})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := pack(t, map[string]string{"a.rego": scopeRule, "b.rego": strings.Replace(scopeRule, "package test.t02", "package test.other", 1)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rule id T-02 is already used by")
}

func TestLoadTranslates2013Controls(t *testing.T) {
	p, err := pack(t, map[string]string{"r.rego": strings.Replace(policyRule, `["A.5.1", "7.5.2"]`, `["A.9.4.2", "7.5.2"]`, 1)})
	require.NoError(t, err)
	assert.Equal(t, []string{"7.5.2", "A.8.5"}, p.Rules[0].Controls)
	require.Len(t, p.Warnings, 1)
	assert.Contains(t, p.Warnings[0], "A.9.4.2 is an ISO/IEC 27001:2013 id; read as A.8.5")
}

func TestEvaluate(t *testing.T) {
	p, err := pack(t, map[string]string{"policy.rego": policyRule, "scope.rego": scopeRule})
	require.NoError(t, err)
	asOf := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	docs := []evidence.Document{
		doc("isms.repository", "acme", true, map[string]any{}),
		doc("isms.document", "policies/a.md", true, map[string]any{"path": "policies/a.md", "type": "policy", "meta": map[string]any{"owner": "Tom", "next_review": "2027-05-01"}}),
		doc("isms.document", "policies/b.md", true, map[string]any{"path": "policies/b.md", "type": "policy", "meta": map[string]any{"next_review": "2026-12-01"}}),
		doc("isms.document", "procedures/c.md", true, map[string]any{"path": "procedures/c.md", "type": "procedure", "meta": map[string]any{}}),
		doc("isms.document", "policies/broken.md", false, map[string]any{"path": "policies/broken.md"}),
	}
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: asOf})
	type row struct{ rule, id, status, grade string }
	var rows []row
	for _, f := range got {
		rows = append(rows, row{f.RuleID, f.Resource.ID, f.Status, f.Grade})
	}
	assert.Equal(t, []row{
		{"T-01", "policies/a.md", "pass", ""},
		{"T-01", "policies/b.md", "fail", "minor"},
		{"T-01", "policies/b.md", "fail", "observation"},
		{"T-01", "policies/broken.md", "error", ""},
		// procedures/c.md: `applies` is false, so T-01 records nothing for it.
		{"T-02", "acme", "fail", "major"},
	}, rows)
	byMsg := map[string]results.Finding{}
	for _, f := range got {
		byMsg[f.Message] = f
	}
	f := byMsg["policies/b.md has no owner"]
	require.NotNil(t, f.Location)
	assert.Equal(t, results.Location{Path: "policies/b.md", Line: 2}, *f.Location)
	assert.Equal(t, []string{docs[2].Digest}, f.Evidence)
	assert.Equal(t, []string{"7.5.2", "A.5.1"}, f.Controls)
	assert.NotEqual(t, byMsg["review due soon"].Fingerprint, f.Fingerprint, "key keeps two findings on one resource apart")
	broken := got[3]
	assert.Contains(t, broken.Message, "policies/broken.md:7: did not find expected key")
	assert.Equal(t, 7, broken.Location.Line)
	scope := got[4]
	assert.Contains(t, scope.Message, "no scope statement [evidence incomplete: policies/broken.md:7")
}

func TestEvaluateTimeIsAsOf(t *testing.T) {
	p, err := pack(t, map[string]string{"policy.rego": policyRule})
	require.NoError(t, err)
	d := []evidence.Document{doc("isms.document", "p.md", true, map[string]any{"type": "policy", "meta": map[string]any{"owner": "x", "next_review": "2026-12-01"}})}
	early := p.Evaluate(context.Background(), d, Settings{AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	late := p.Evaluate(context.Background(), d, Settings{AsOf: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	assert.Equal(t, results.StatusPass, early[0].Status)
	assert.Equal(t, results.StatusFail, late[0].Status)
}

func TestEvaluateSkipsWithoutEvidenceAndWhenDisabled(t *testing.T) {
	p, err := pack(t, map[string]string{"policy.rego": policyRule, "scope.rego": scopeRule})
	require.NoError(t, err)
	got := p.Evaluate(context.Background(), nil, Settings{AsOf: time.Now(), Disabled: func(id string) bool { return id == "T-01" }})
	require.Len(t, got, 2)
	assert.Equal(t, results.StatusSkipped, got[0].Status)
	assert.Equal(t, "disabled in the configuration", got[0].Message)
	assert.Equal(t, results.StatusSkipped, got[1].Status)
	assert.Contains(t, got[1].Message, "no isms.repository evidence was collected")
}

func TestEvaluateParamsAndBadResults(t *testing.T) {
	bad := strings.Replace(scopeRule, `deny contains "no scope statement" if {`, `deny contains {"msg": "x", "grade": "critical"} if {`, 1)
	p, err := pack(t, map[string]string{"scope.rego": bad})
	require.NoError(t, err)
	docs := []evidence.Document{doc("isms.repository", "acme", true, map[string]any{}), doc("isms.document", "scope.md", true, map[string]any{"type": "scope"})}
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now()})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusPass, got[0].Status, "the scope document satisfies the default param")
	got = p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), Params: func(r *Rule) map[string]any { return map[string]any{"wanted": "other"} }})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusError, got[0].Status, "an invalid grade is a rule error, never a pass")
	assert.Contains(t, got[0].Message, "grade critical is not one of")
}

func TestEvaluateFailedCollectorIsErrorNotSkipped(t *testing.T) {
	p, err := pack(t, map[string]string{"scope.rego": scopeRule})
	require.NoError(t, err)
	got := p.Evaluate(context.Background(), nil, Settings{AsOf: time.Now(), Unavailable: map[string]string{"isms": "open /nope: no such file or directory"}})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusError, got[0].Status)
	assert.Equal(t, "the isms collector failed: open /nope: no such file or directory", got[0].Message)

	got = p.Evaluate(context.Background(), nil, Settings{AsOf: time.Now(), NotCollected: map[string]string{"isms": "shallow clone"}})
	assert.Equal(t, results.StatusSkipped, got[0].Status)
	assert.Equal(t, "no isms evidence: shallow clone", got[0].Message)
}

func TestEvaluateTimeoutIsErrorNeverPass(t *testing.T) {
	slow := strings.Replace(scopeRule, "not any_scope\n", "not any_scope\n\tcount([x | some x in numbers.range(1, 50000000); x % 7 == 0]) > 0\n", 1)
	p, err := pack(t, map[string]string{"slow.rego": slow})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	docs := []evidence.Document{doc("isms.repository", "acme", true, map[string]any{}), doc("isms.document", "x.md", true, map[string]any{"type": "policy"})}
	got := p.Evaluate(ctx, docs, Settings{AsOf: time.Now()})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusError, got[0].Status)
	assert.Contains(t, got[0].Message, "could not be evaluated")
}

func TestEvaluatePublishesRunData(t *testing.T) {
	rule := strings.Replace(policyRule, `applies if input.document.data.type == "policy"`, `applies if data.ismscheck.soa.controls["A.5.1"].applicable`, 1)
	p, err := pack(t, map[string]string{"r.rego": rule})
	require.NoError(t, err)
	docs := []evidence.Document{doc("isms.document", "p.md", true, map[string]any{"type": "policy", "meta": map[string]any{}})}
	run := func(applicable bool) []results.Finding {
		return p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), Data: map[string]any{
			"soa": map[string]any{"controls": map[string]any{"A.5.1": map[string]any{"applicable": applicable}}},
		}})
	}
	assert.Len(t, run(true), 1, "applicable: the rule judges the document")
	assert.Empty(t, run(false), "excluded: the next run sees the new data")
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), Data: map[string]any{"catalog": 1}})
	assert.Equal(t, results.StatusError, got[0].Status)
}

const historyRule = `# METADATA
# title: Documents have history
# scope: package
# custom:
#   id: T-03
#   severity: minor
#   controls: ["7.5.2"]
#   kinds: [isms.document, git.file]
#   input: inventory
#   subject: isms.document
#   remediation: Commit the documents.
package test.t03

deny contains {"msg": "no history", "resource": {"kind": "isms.document", "id": d.id}} if {
	some d in input.documents["isms.document"]
	not d.id in {f.id | some f in input.documents["git.file"]}
}
`

func TestRuleJoiningSourcesNeedsEverySource(t *testing.T) {
	p, err := pack(t, map[string]string{"h.rego": historyRule})
	require.NoError(t, err)
	docs := []evidence.Document{doc("isms.document", "p.md", true, map[string]any{})}
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), NotCollected: map[string]string{"git": "shallow clone: fetch-depth: 0"}})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusSkipped, got[0].Status, "no history is never a pass")
	assert.Equal(t, "no git evidence: shallow clone: fetch-depth: 0", got[0].Message)

	got = p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now()})
	assert.Equal(t, "no git evidence was collected (is the git source configured?)", got[0].Message)

	got = p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), Unavailable: map[string]string{"git": "git: not found"}})
	assert.Equal(t, results.StatusError, got[0].Status)

	docs = append(docs, doc("git.file", "other.md", true, map[string]any{}))
	got = p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now()})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusFail, got[0].Status)
}

func TestDenyThatIsNotASetIsAnErrorNeverAPass(t *testing.T) {
	src := strings.Replace(policyRule, `applies if input.document.data.type == "policy"

`, "", 1)
	src = src[:strings.Index(src, "deny contains")] + "deny := \"policies must have owners\" if false\n"
	p, err := pack(t, map[string]string{"r.rego": src})
	require.NoError(t, err)
	docs := []evidence.Document{doc("isms.document", "p.md", true, map[string]any{"meta": map[string]any{}})}
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now()})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusError, got[0].Status, "an undefined complete deny must not read as 'nothing wrong'")
	assert.Contains(t, got[0].Message, "r.rego:1) gave no result")

	src = strings.Replace(src, `deny := "policies must have owners" if false`, `deny := "a string, not a set"`, 1)
	p, err = pack(t, map[string]string{"r.rego": src})
	require.NoError(t, err)
	got = p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now()})
	assert.Equal(t, results.StatusError, got[0].Status)
	assert.Contains(t, got[0].Message, "`deny` is string, not a set")
}

func TestRunDataDoesNotLeakIntoTheNextRun(t *testing.T) {
	rule := strings.Replace(policyRule, `applies if input.document.data.type == "policy"`, `applies if not data.ismscheck.soa.controls["A.5.1"].applicable == false`, 1)
	p, err := pack(t, map[string]string{"r.rego": rule})
	require.NoError(t, err)
	docs := []evidence.Document{doc("isms.document", "p.md", true, map[string]any{"meta": map[string]any{}})}
	excluded := map[string]any{"soa": map[string]any{"controls": map[string]any{"A.5.1": map[string]any{"applicable": false}}}}
	assert.Empty(t, p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), Data: excluded}))
	assert.Len(t, p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now()}), 1, "a run without an SoA must not see the previous run's")
}

func TestUnconvertibleParamsAreAnError(t *testing.T) {
	p, err := pack(t, map[string]string{"policy.rego": policyRule})
	require.NoError(t, err)
	docs := []evidence.Document{doc("isms.document", "p.md", true, map[string]any{"type": "policy", "meta": map[string]any{"owner": "x"}})}
	got := p.Evaluate(context.Background(), docs, Settings{AsOf: time.Now(), Params: func(*Rule) map[string]any { return map[string]any{"bad": make(chan int)} }})
	require.Len(t, got, 1)
	assert.Equal(t, results.StatusError, got[0].Status)
	assert.Contains(t, got[0].Message, "its parameters cannot be given to the rule")
}
