package report_test

import (
	"bytes"
	"context"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/cli"
	"github.com/ismscheck/ismscheck/internal/report"
	"github.com/ismscheck/ismscheck/internal/results"
)

// The HTML report opened in a real headless Chromium, as an auditor opens it: it must load
// with no console error, fetch nothing, show the verdict and every finding, filter on
// screen, and print to a clean PDF.

var (
	screenshotOut = flag.String("screenshot", "", "write the example report's screenshot here (relative to the module root), e.g. docs/report.png")
	pdfOut        = flag.String("pdf", "", "write the example report printed to PDF here (relative to the module root)")
)

func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		panic(err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

func writeHTML(t *testing.T, r *results.Results) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.Write(&buf, r, "html"))
	path := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

// The fixture holds what the example lacks: a waiver, an error, HTML and a formula in a
// user rule's message. Three earlier runs give the trend chart something to draw.
func TestHTMLReportInBrowser(t *testing.T) {
	r, err := results.Read(filepath.Join("testdata", "results.json"))
	require.NoError(t, err)
	r.History = []results.RunPoint{
		{RunID: "aaaa000000000001", AsOf: "2026-08-21", Verdict: results.VerdictNotReady,
			Grades: map[string]int{"major": 3, "minor": 6, "observation": 2}, Controls: map[string]int{"conformant": 30, "manual": 80}},
		{RunID: "aaaa000000000002", AsOf: "2026-09-21", Verdict: results.VerdictNotReady,
			Grades: map[string]int{"major": 2, "minor": 5, "observation": 3, "ofi": 1}, Controls: map[string]int{"conformant": 41, "manual": 70}},
		{RunID: "aaaa000000000003", AsOf: "2026-10-21", Verdict: results.VerdictNotReady,
			Grades: map[string]int{"major": 1, "minor": 5, "observation": 2, "ofi": 1}, Controls: map[string]int{"conformant": 46, "manual": 66}},
	}
	failures := 0
	for _, f := range r.Findings {
		if f.Status == results.StatusFail {
			failures++
		}
	}

	b := startBrowser(t)
	p := b.newPage(t, 1280, 900)
	p.navigate(t, fileURL(writeHTML(t, r)))

	var facts struct {
		Verdict, FilterCount, InjectedText  string
		Rows, Scripts, Charts, InjectedTags int
		JS, Trend, CoverFirst               bool
		MajorRows, AfterHidingMinor         int
		GroupsShownAfterHidingAll           int
	}
	p.eval(t, `(() => {
		const q = s => document.querySelectorAll(s);
		const shown = () => [...q("tr.finding")].filter(r => r.offsetParent !== null).length;
		const custom = [...q("tr.finding")].find(r => r.textContent.includes("HYPERLINK"));
		const facts = {
			Verdict: document.getElementById("verdict").textContent,
			Rows: q("tr.finding").length,
			Scripts: document.scripts.length,
			Charts: q("svg.chart").length,
			Trend: !!document.querySelector("#summary .trend svg"),
			JS: document.documentElement.classList.contains("js"),
			CoverFirst: document.querySelector("main").firstElementChild.id === "cover",
			InjectedTags: custom ? custom.querySelectorAll(".msg b, .msg a").length : -1,
			InjectedText: custom ? custom.querySelector(".msg").textContent : "",
			FilterCount: document.getElementById("filter-count").textContent,
			MajorRows: q('tr.finding[data-grade="major"]').length,
		};
		const box = v => document.querySelector('#filter input[value="' + v + '"]');
		box("minor").click();
		facts.AfterHidingMinor = shown();
		for (const v of ["major", "observation", "ofi", "waived"]) box(v).click();
		facts.GroupsShownAfterHidingAll = [...q(".fgroup")].filter(g => g.offsetParent !== null).length;
		for (const v of ["minor", "major", "observation", "ofi", "waived"]) box(v).click();
		return facts;
	})()`, &facts)

	assert.Equal(t, "NOT READY", facts.Verdict)
	assert.Equal(t, failures, facts.Rows, "one row per failing finding")
	assert.Equal(t, 1, facts.Scripts, "only the report's own script: a message cannot add one")
	assert.Equal(t, 0, facts.InjectedTags, "HTML in a message is shown as text")
	assert.Contains(t, facts.InjectedText, "<b>bold</b>")
	assert.Equal(t, 3, facts.Charts, "grades, conformity and trend")
	assert.True(t, facts.Trend)
	assert.True(t, facts.JS)
	assert.True(t, facts.CoverFirst)
	assert.Equal(t, 1, facts.MajorRows)
	assert.Equal(t, "8 of 8 findings shown", facts.FilterCount)
	assert.Equal(t, failures-4, facts.AfterHidingMinor, "the four minors are hidden")
	assert.Equal(t, 0, facts.GroupsShownAfterHidingAll, "groups without a shown finding are hidden")

	pdf := p.printPDF(t)
	assert.Equal(t, "%PDF-", string(pdf[:5]))
	assert.Greater(t, len(pdf), 50_000)
	assert.GreaterOrEqual(t, pdfPages(pdf), 7, "cover and summary, then a page at least per major section")

	shot := p.screenshot(t)
	assert.Equal(t, "\x89PNG", string(shot[:4]))

	assert.Empty(t, b.problems(), "the page must load with no error, warning or network request")
}

// TestHTMLExampleInBrowser renders the bundled example as the README shows it; with
// -screenshot and -pdf it keeps the picture and the printed report.
func TestHTMLExampleInBrowser(t *testing.T) {
	chromiumPath(t) // skip early, before running the audit
	t.Chdir(filepath.Join("..", ".."))
	out := filepath.Join(t.TempDir(), "acme.html")
	var stderr bytes.Buffer
	code := cli.Main(context.Background(), []string{"audit", "examples/acme", "--as-of", "2026-11-21", "--format", "html", "--output", out}, &bytes.Buffer{}, &stderr)
	require.Equal(t, 1, code, "the example has a major nonconformity: %s", stderr.String())

	b := startBrowser(t)
	p := b.newPage(t, 1280, 1700)
	p.navigate(t, fileURL(out))
	var verdict string
	p.eval(t, `document.getElementById("verdict").textContent`, &verdict)
	assert.Equal(t, "NOT READY", verdict)

	shot := p.screenshot(t)
	require.Equal(t, "\x89PNG", string(shot[:4]))
	pdf := p.printPDF(t)
	require.Equal(t, "%PDF-", string(pdf[:5]))
	if *screenshotOut != "" {
		require.NoError(t, os.MkdirAll(filepath.Dir(*screenshotOut), 0o755))
		require.NoError(t, os.WriteFile(*screenshotOut, shot, 0o644))
	}
	if *pdfOut != "" {
		require.NoError(t, os.WriteFile(*pdfOut, pdf, 0o644))
	}
	assert.Empty(t, b.problems())
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// pdfPages counts page objects; Chromium writes them uncompressed.
func pdfPages(pdf []byte) int { return len(pdfPage.FindAll(pdf, -1)) }

// TestBrowserCheckCatchesProblems proves the checks above can fail: a page with a console
// error, an uncaught exception, a request to the network and an inline style the CSP
// refuses is reported on each count.
func TestBrowserCheckCatchesProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.html")
	require.NoError(t, os.WriteFile(path, []byte(`<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src http:; script-src 'unsafe-inline'">
</head><body><p style="color:red">bad</p><img src="http://127.0.0.1:9/pixel.png">
<script>console.error("console says no"); throw new Error("thrown on purpose");</script></body></html>`), 0o644))
	b := startBrowser(t)
	p := b.newPage(t, 800, 600)
	p.navigate(t, fileURL(path))
	all := strings.Join(b.problems(), "\n")
	assert.Contains(t, all, "console.error")
	assert.Contains(t, all, "thrown on purpose")
	assert.Contains(t, all, "request to http://127.0.0.1:9/pixel.png")
	assert.Contains(t, all, "Content Security Policy", "the refused inline style")
}
