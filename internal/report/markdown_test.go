package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

func TestMarkdownGolden(t *testing.T) {
	golden(t, "results.md", render(t, fixture(t), "markdown"))
}

// tableRows returns the rows of the finding tables (those under a "| Grade" header).
func tableRows(md string) []string {
	var rows []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "| Grade "):
			in = true
		case !strings.HasPrefix(line, "| "):
			in = false
		case in && !strings.HasPrefix(line, "| ---"):
			rows = append(rows, line)
		}
	}
	return rows
}

// cells counts the cell separators a Markdown renderer sees: pipes not escaped.
func cells(row string) int {
	return strings.Count(row, "|") - strings.Count(row, `\|`)
}

func TestMarkdownSummaryAndOrder(t *testing.T) {
	md := string(render(t, fixture(t), "markdown"))
	assert.Contains(t, md, "**Verdict: NOT READY**")
	assert.Contains(t, md, "| 1 | 4 | 2 | 1 | 46 | 1 | 3 |", "grade and status counts")
	assert.Contains(t, md, "### Nonconformities (5)")

	nc, rest, ok := strings.Cut(md, "<details>")
	require.True(t, ok, "the rest is folded")
	assert.Less(t, strings.Index(nc, "| major | DOC-23"), strings.Index(nc, "| minor | DOC-05"), "majors first")
	for _, g := range []string{"| observation", "| ofi", "| error", "| skipped"} {
		assert.NotContains(t, nc, g)
		assert.Contains(t, rest, g)
	}
	assert.Contains(t, rest, "| observation (waived) | DOC-05", "a waiver is shown, not hidden")
	assert.Contains(t, rest, "R-21")
	assert.NotContains(t, md, "no violation found", "passes are not listed")
	assert.Contains(t, md, "**Coverage:** isms examples/acme 37 of 37 read (ok)")
}

func TestMarkdownEscapesCells(t *testing.T) {
	md := string(render(t, fixture(t), "markdown"))
	var custom string
	for _, row := range tableRows(md) {
		assert.Equal(t, 6, cells(row), "every row keeps its 5 cells: %s", row)
		if strings.Contains(row, "CUSTOM-01") {
			custom = row
		}
	}
	require.NotEmpty(t, custom)
	assert.Contains(t, custom, `Supplier \| contract register`)
	assert.Contains(t, custom, `click")<br>second line \| with a pipe`, "a newline becomes <br>, not a new row")
	assert.Contains(t, custom, "&lt;b&gt;bold&lt;/b&gt;", "HTML from user files is shown, not rendered")

	assert.Equal(t, `a \| b<br>c<br>d &lt;br&gt;`, mdCell("a | b\r\nc\nd <br>"))
	long := mdCell(strings.Repeat("é", 1000))
	assert.Equal(t, markdownCellRunes, len([]rune(long)))
	assert.True(t, strings.HasSuffix(long, "…"))
}

func TestMarkdownStaysUnderTheStepSummaryLimit(t *testing.T) {
	var fs []results.Finding
	for i := range 3000 {
		f := failing("DOC-05", results.Grades[i%len(results.Grades)], i)
		f.Message = strings.Repeat("a long message | with pipes\n", 40)
		fs = append(fs, f)
	}
	md := string(render(t, withFindings(fs...), "markdown"))
	assert.Less(t, len(md), 1<<20, "GitHub refuses step summaries over 1 MiB")
	assert.Contains(t, md, "### Nonconformities (1500)")
	assert.Contains(t, md, "_1300 more not shown: ")
	assert.Contains(t, md, "(1500)</summary>")
	assert.Equal(t, 2, strings.Count(md, "more not shown"))
	assert.Len(t, tableRows(md), markdownNCRows+markdownOtherRows)
}

func TestMarkdownWithoutNonconformities(t *testing.T) {
	md := string(render(t, withFindings(), "markdown"))
	assert.Contains(t, md, "No major or minor nonconformity.")
	assert.NotContains(t, md, "<details>")
	assert.Contains(t, md, "no evidence collected")
}
