package report

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

func TestHTMLGolden(t *testing.T) {
	golden(t, "results.html", render(t, fixture(t), "html"))
}

func TestHTMLIsDeterministic(t *testing.T) {
	r := fixture(t)
	r.History = history(3)
	first := render(t, r, "html")
	for range 5 {
		require.Equal(t, string(first), string(render(t, r, "html")))
	}
}

func TestHTMLCoverAndSummary(t *testing.T) {
	r := fixture(t)
	out := string(render(t, r, "html"))
	for _, want := range []string{
		`<h1>Acme Analytics Ltd</h1>`,
		`<strong class="verdict-value" id="verdict">NOT READY</strong>`,
		`1 open major nonconformity; 63 requirements without evidence`,
		`ISO/IEC 27001:2022 clauses 4–10 and Annex A`,
		`<strong>2026-11-21</strong>`,
		`<code>f73c09ea4d7db447</code>`,
		r.Tool.RulePackDigest,
		r.Run.EvidenceDigest,
		`<strong>isms</strong> examples/acme`,
		`<strong>git</strong> examples/acme`,
		`scope.md`,
	} {
		assert.Contains(t, out, want)
	}
	// Open and waived counts per grade: the DOC-05 observation is waived.
	for grade, want := range map[string]string{"major": "1", "minor": "4", "observation": "1", "ofi": "1"} {
		assert.Contains(t, out, fmt.Sprintf(`data-count="%s">%s<`, grade, want), grade)
	}
	assert.Contains(t, out, "+1 waived", "the grade chart shows the waived observation")
	assert.Contains(t, out, `<a href="#f-f42c15cbd9c8f4ad"><strong>DOC-23</strong>`, "the open major is listed as blocking")
	assert.Regexp(t, `Stage 1 \(clauses 4–10\)</th><td><span class="badge v-not_ready">NOT READY</span></td><td class="num">30</td><td class="num">19</td>`, out)
	assert.NotContains(t, out, "Trend over runs", "no history, no trend")
}

func TestHTMLEveryControlHasAStatusRow(t *testing.T) {
	r := fixture(t)
	out := string(render(t, r, "html"))
	rows := regexp.MustCompile(`<tr id="c-([^"]+)">`).FindAllStringSubmatch(out, -1)
	require.Len(t, rows, len(r.Controls))
	for i, c := range r.Controls {
		assert.Equal(t, c.ID, rows[i][1])
	}
	for _, theme := range []string{"Organizational controls", "People controls", "Physical controls", "Technological controls"} {
		assert.Contains(t, out, `<h3 id="t-`+anchorName(theme)+`">`+theme+`</h3>`)
	}
	assert.Contains(t, out, `<h3 id="t-9">Clause 9 Performance evaluation</h3>`)
	assert.Contains(t, out, `<span class="badge st-not_applicable">Not applicable</span>`)
	assert.Contains(t, out, `<span class="basis">Attested</span> registers/attestations.csv`, "the attestation relied on is named")
}

func TestHTMLFindingsCarryEvidenceRemediationAndWaiver(t *testing.T) {
	r := fixture(t)
	out := string(render(t, r, "html"))
	failing := 0
	for _, f := range r.Findings {
		if f.Status != results.StatusFail {
			continue
		}
		failing++
		row := findingRowHTML(t, out, "f-"+f.Fingerprint)
		assert.Contains(t, row, `data-grade="`+f.Grade+`"`)
		for _, d := range f.Evidence {
			assert.Contains(t, row, `<code class="digest">`+d+`</code>`, f.RuleID)
		}
		if f.Location != nil && f.Location.Line > 0 {
			assert.Contains(t, row, fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line))
		}
		assert.Contains(t, row, "from isms examples/acme", "the source of the evidence")
	}
	assert.Equal(t, failing, strings.Count(out, `<tr class="finding"`))

	waived := findingRowHTML(t, out, "f-e16a62d33e3c1207")
	assert.Contains(t, waived, `<span class="badge waived">Waived</span>`)
	assert.Contains(t, waived, "Policy rewrite in progress")
	assert.Contains(t, waived, "Risk <strong>R-21</strong>")
	assert.Contains(t, waived, "expires <strong>2027-")
	assert.NotContains(t, waived, "waiver expired")

	assert.Contains(t, out, `<span class="remedy-label">Remediation</span> Hold the management review`)
	// DOC-05's two findings under 7.5.2 share one rule heading and its remediation.
	section := between(t, out, `id="g-7.5.2"`, `</section>`)
	assert.Equal(t, 1, strings.Count(section, `<span class="rid">DOC-05</span>`))
	assert.Less(t, strings.Index(section, "g-minor"), strings.Index(section, "g-observation"), "most severe first")

	notEvaluated := between(t, out, `id="not-evaluated"`, `</section>`)
	assert.Contains(t, notEvaluated, "registers/risk-register.csv: line 7: wrong number of fields")
	assert.Contains(t, notEvaluated, `<span class="badge s-error">Error</span>`)
	assert.Equal(t, 3, strings.Count(notEvaluated, `<span class="badge s-skipped">Skipped</span>`))
	assert.Less(t, strings.Index(notEvaluated, "s-error"), strings.Index(notEvaluated, "s-skipped"), "errors first")
}

func TestHTMLExpiredWaiverIsFlagged(t *testing.T) {
	f := failing("DOC-05", results.GradeMinor, 1)
	f.Waiver = &results.Waiver{Justification: "old", Approver: "CISO", RiskID: "R-1", Expires: "2026-11-20"}
	out := string(render(t, withFindings(f), "html"))
	assert.Contains(t, out, `class="waiver expired"`)
	assert.Contains(t, out, "Risk accepted, waiver expired")
	f.Waiver.Expires = "2026-11-21"
	assert.NotContains(t, string(render(t, withFindings(f), "html")), "waiver expired", "valid through its expiry day")
}

func TestHTMLEscapesUserText(t *testing.T) {
	f := failing("DOC-05", results.GradeMajor, 1)
	f.Message = `<script>alert("message")</script> & more`
	f.Title = `"><img src=x onerror=alert(1)>`
	f.Resource = evidence.Ref{Kind: "isms.document", ID: `</td><script>alert("id")</script>`}
	f.Location = &results.Location{Path: `policies/<iframe src="https://evil.example">.md`, Line: 2}
	f.Remediation = `<a href="javascript:alert(1)">fix</a>`
	f.Grading = []string{"<style>body{display:none}</style>"}
	f.Waiver = &results.Waiver{Justification: "</div><script>x()</script>", Approver: "<b>me</b>", RiskID: "R-<1>", Expires: "2027-01-01"}
	r := withFindings(f)
	r.Run.Scope.Organization = "<script>org()</script>"
	r.Warnings = []string{"<script>warn()</script>"}
	r.Coverage.Collectors = []evidence.Coverage{{Collector: "isms", Source: "<script>src()</script>", Status: "ok", Kinds: []string{"isms.document"}}}
	out := string(render(t, r, "html"))

	assert.Equal(t, 1, strings.Count(out, "<script"), "only the report's own script")
	assert.Equal(t, 1, strings.Count(out, "<style"), "only the report's own style sheet")
	for _, bad := range []string{"<img", "<iframe", "<b>me", `href="javascript`, "</div><script"} {
		assert.NotContains(t, out, bad)
	}
	assert.Contains(t, out, `&lt;script&gt;alert(&#34;message&#34;)&lt;/script&gt; &amp; more`)
	assert.Contains(t, out, `&lt;script&gt;org()&lt;/script&gt;`)
	assert.Contains(t, out, `&lt;script&gt;warn()&lt;/script&gt;`)
}

// The page may load nothing: the CSP allows exactly the inline style sheet and script.
func TestHTMLIsSelfContained(t *testing.T) {
	out := string(render(t, fixture(t), "html"))
	style := between(t, out, "<style>", "</style>")
	script := between(t, out, "<script>", "</script>")
	csp := html.UnescapeString(between(t, out, `http-equiv="Content-Security-Policy" content="`, `"`))
	assert.Contains(t, csp, "default-src 'none'")
	assert.Contains(t, csp, cspHash(style), "the style sheet's hash")
	assert.Contains(t, csp, cspHash(script), "the script's hash")
	assert.NotRegexp(t, `(src|href)="(https?:)?//`, out, "no external resource")
	assert.NotContains(t, out, "@import")
	assert.NotContains(t, out, ` style="`, "inline style attributes would break the CSP")
}

func TestHTMLTrend(t *testing.T) {
	r := fixture(t)
	r.History = history(3)
	out := string(render(t, r, "html"))
	trend := between(t, out, "Trend over runs", "</section>")
	for _, p := range r.History {
		assert.Contains(t, trend, ">"+p.AsOf+"<", "a column per earlier run")
	}
	assert.Contains(t, trend, ">2026-11-21<", "and this run")
	assert.Contains(t, trend, "2026-09-01 (run h000000000000001): 3 Major NC")
	assert.Equal(t, 4, strings.Count(trend, `class="trend-dot"`))

	r.History = history(45)
	out = string(render(t, r, "html"))
	assert.Contains(t, out, "The latest 30 of 46 runs are shown.")
	assert.Equal(t, 30, strings.Count(out, `class="trend-dot"`))
}

func TestHTMLWithoutFindingsOrEvidence(t *testing.T) {
	out := string(render(t, withFindings(), "html"))
	assert.Contains(t, out, "No failures: no nonconformity")
	assert.Contains(t, out, "Every rule evaluated its evidence.")
	assert.Contains(t, out, "No evidence was collected.")
	assert.Contains(t, out, "<h1>the ISMS</h1>")
}

// TestHTMLSizeAt25000Findings bounds the report for a large estate; the benchmark below
// measures the time.
func TestHTMLSizeAt25000Findings(t *testing.T) {
	if testing.Short() {
		t.Skip("large report")
	}
	r := manyFindings(25_000)
	start := time.Now()
	out := render(t, r, "html")
	t.Logf("25,000 findings: %d bytes in %s", len(out), time.Since(start))
	assert.Less(t, len(out), 30<<20)
	assert.Equal(t, 25_000, bytes.Count(out, []byte(`<tr class="finding"`)))
}

func BenchmarkHTML25000Findings(b *testing.B) {
	r := manyFindings(25_000)
	var n int
	for b.Loop() {
		var buf bytes.Buffer
		if err := HTML(&buf, r); err != nil {
			b.Fatal(err)
		}
		n = buf.Len()
	}
	b.ReportMetric(float64(n), "bytes/report")
}

// manyFindings spreads n failures of every grade over ten rules and a hundred controls.
func manyFindings(n int) *results.Results {
	fs := make([]results.Finding, n)
	for i := range fs {
		f := failing(fmt.Sprintf("DOC-%02d", i%10), results.Grades[i%len(results.Grades)], i)
		f.Controls = []string{fmt.Sprintf("A.8.%d", 1+i%34), "7.5.2"}
		fs[i] = f
	}
	r := withFindings(fs...)
	r.Coverage.Collectors = []evidence.Coverage{{Collector: "isms", Source: ".", Status: "ok", Kinds: []string{"isms.document"}}}
	return r
}

func history(n int) []results.RunPoint {
	var out []results.RunPoint
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		out = append(out, results.RunPoint{
			RunID: fmt.Sprintf("h%015d", i+1), AsOf: day.AddDate(0, 0, i).Format(time.DateOnly), Verdict: results.VerdictNotReady,
			Grades:   map[string]int{"major": 3 - min(i, 2), "minor": 5, "observation": 2},
			Controls: map[string]int{"conformant": 40 + i, "manual": 83 - i},
		})
	}
	return out
}

// findingRowHTML returns the table row of the finding with this anchor.
func findingRowHTML(t *testing.T, out, anchor string) string {
	t.Helper()
	return between(t, out, `id="`+anchor+`"`, "</tr>")
}

func between(t *testing.T, s, start, end string) string {
	t.Helper()
	_, after, ok := strings.Cut(s, start)
	require.True(t, ok, "no %q", start)
	in, _, ok := strings.Cut(after, end)
	require.True(t, ok, "no %q after %q", end, start)
	return in
}
