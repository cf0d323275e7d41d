package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// Charts are inline SVG drawn here, so the report needs no script library and no network.
// Every text that reaches the SVG goes through html.EscapeString; numbers are formatted
// with one decimal so the same results give the same bytes.

type svg struct{ b strings.Builder }

func (s *svg) f(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text writes a <text> element; attrs is trusted markup, content is escaped.
func (s *svg) text(x, y float64, attrs, content string) {
	s.f(`<text x="%.1f" y="%.1f" %s>%s</text>`, x, y, attrs, html.EscapeString(content))
}

func (s *svg) rect(x, y, w, h float64, class, title string) {
	s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="%s"><title>%s</title></rect>`, x, y, w, h, class, html.EscapeString(title))
}

func (s *svg) open(width, height float64, label string) {
	s.f(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`,
		width, height, width, height, html.EscapeString(label))
	s.f(`<title>%s</title>`, html.EscapeString(label))
}

func (s *svg) html() template.HTML {
	s.f(`</svg>`)
	return template.HTML(s.b.String()) //nolint:gosec // every text above is escaped
}

// conformityChart is one stacked bar per clause and Annex A theme: how many of its
// requirements are in each status, as a share of the whole.
func conformityChart(areas []areaRow) template.HTML {
	const (
		width, labelW, countW = 1000.0, 260.0, 50.0
		rowH, barH, top       = 24.0, 16.0, 4.0
	)
	barW := width - labelW - countW
	var s svg
	legendRows := (len(statusOrder) + 4) / 5
	height := top + float64(len(areas))*rowH + 10 + float64(legendRows)*18
	s.open(width, height, "Conformity by clause and Annex A theme")
	for i, a := range areas {
		y := top + float64(i)*rowH
		s.text(labelW-8, y+barH-3, `class="lbl" text-anchor="end"`, truncate(a.Name, 38))
		x := labelW
		for _, k := range statusOrder {
			n := a.Counts[k]
			if n == 0 || a.Total == 0 {
				continue
			}
			w := barW * float64(n) / float64(a.Total)
			s.rect(x, y, w, barH, "k-"+k, fmt.Sprintf("%s: %d %s of %d", a.Name, n, statusLabel[k], a.Total))
			if w >= 18 {
				s.text(x+w/2, y+barH-4, `class="seg k-text-`+k+`" text-anchor="middle"`, fmt.Sprint(n))
			}
			x += w
		}
		s.text(width-countW+6, y+barH-3, `class="lbl"`, fmt.Sprint(a.Total))
	}
	legend(&s, top+float64(len(areas))*rowH+10, width)
	return s.html()
}

// legend draws the status colours in rows of five.
func legend(s *svg, y, width float64) {
	colW := width / 5
	for i, k := range statusOrder {
		x := float64(i%5) * colW
		yy := y + float64(i/5)*18
		s.f(`<rect x="%.1f" y="%.1f" width="11" height="11" class="k-%s"/>`, x, yy, k)
		s.text(x+16, yy+10, `class="lgd"`, statusLabel[k])
	}
}

// gradeChart shows the failing findings per grade: open ones solid, waived ones hatched.
func gradeChart(grades []gradeCount) template.HTML {
	const (
		width, labelW, countW = 310.0, 90.0, 80.0
		rowH, barH, top       = 26.0, 18.0, 4.0
	)
	barW := width - labelW - countW
	most := 1
	for _, g := range grades {
		most = max(most, g.Open+g.Waived)
	}
	var s svg
	s.open(width, top+float64(len(grades))*rowH+20, "Findings per grade")
	s.f(`<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="5" class="hatch-line"/></pattern></defs>`)
	for i, g := range grades {
		y := top + float64(i)*rowH
		s.text(labelW-8, y+barH-4, `class="lbl" text-anchor="end"`, g.Label)
		wOpen := barW * float64(g.Open) / float64(most)
		wWaived := barW * float64(g.Waived) / float64(most)
		if g.Open > 0 {
			s.rect(labelW, y, wOpen, barH, "k-g-"+g.Grade, fmt.Sprintf("%d open %s", g.Open, g.Label))
		}
		if g.Waived > 0 {
			s.rect(labelW+wOpen, y, wWaived, barH, "k-waived", fmt.Sprintf("%d %s waived (risk accepted)", g.Waived, g.Label))
		}
		label := fmt.Sprint(g.Open)
		if g.Waived > 0 {
			label += fmt.Sprintf(" +%d waived", g.Waived)
		}
		s.text(labelW+wOpen+wWaived+6, y+barH-4, `class="lbl"`, label)
	}
	y := top + float64(len(grades))*rowH + 4
	s.f(`<rect x="%.1f" y="%.1f" width="11" height="11" class="k-waived"/>`, labelW, y)
	s.text(labelW+16, y+10, `class="lgd"`, "waived (risk accepted)")
	return s.html()
}

// trendMaxRuns bounds the trend to the latest runs so a nightly history of years still
// draws legible columns; the note says how many earlier runs were left out.
const trendMaxRuns = 30

// trendChart draws, for the earlier runs and this one, the failing findings per grade as
// stacked columns and the conformant requirements as a line. Empty without history.
func trendChart(r *results.Results) (template.HTML, string) {
	if len(r.History) == 0 {
		return "", ""
	}
	points := append([]results.RunPoint(nil), r.History...)
	points = append(points, results.RunPoint{
		RunID: r.Run.ID, AsOf: r.Run.AsOf, Verdict: r.Readiness.Verdict,
		Grades: r.Summary.Grades, Controls: r.Summary.Controls,
	})
	note := ""
	if len(points) > trendMaxRuns {
		note = fmt.Sprintf("The latest %d of %d runs are shown.", trendMaxRuns, len(points))
		points = points[len(points)-trendMaxRuns:]
	}
	const (
		width, height            = 760.0, 250.0
		left, right, top, bottom = 44.0, 54.0, 12.0, 58.0
	)
	plotW, plotH := width-left-right, height-top-bottom
	most, requirements := 1, 1
	for _, pt := range points {
		total := 0
		for _, g := range results.Grades {
			total += pt.Grades[g]
		}
		most = max(most, total)
		all := 0
		for _, n := range pt.Controls {
			all += n
		}
		requirements = max(requirements, all)
	}
	step := niceStep(most)
	most = (most + step - 1) / step * step
	var s svg
	s.open(width, height, "Trend over runs: findings per grade and conformant requirements")
	for v := 0; v <= most; v += step {
		y := top + plotH - plotH*float64(v)/float64(most)
		s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>`, left, y, left+plotW, y)
		s.text(left-6, y+4, `class="lbl" text-anchor="end"`, fmt.Sprint(v))
	}
	for _, frac := range []float64{0, 0.5, 1} {
		y := top + plotH - plotH*frac
		s.text(left+plotW+6, y+4, `class="lbl k-text-line"`, fmt.Sprintf("%.0f%%", frac*100))
	}
	s.text(12, top+plotH/2, fmt.Sprintf(`class="lbl" text-anchor="middle" transform="rotate(-90 12 %.1f)"`, top+plotH/2), "failing findings")
	slot := plotW / float64(len(points))
	colW := min(36, slot*0.6)
	labelEvery := 1 + int(60/slot)
	var line []string
	for i, pt := range points {
		cx := left + slot*(float64(i)+0.5)
		y := top + plotH
		for _, g := range results.Grades {
			n := pt.Grades[g]
			if n == 0 {
				continue
			}
			h := plotH * float64(n) / float64(most)
			y -= h
			s.rect(cx-colW/2, y, colW, h, "k-g-"+g, fmt.Sprintf("%s (run %s): %d %s", pt.AsOf, pt.RunID, n, gradeWord[g]))
		}
		conf := float64(pt.Controls[results.ControlConformant]) / float64(requirements)
		line = append(line, fmt.Sprintf("%.1f,%.1f", cx, top+plotH-plotH*conf))
		if i%labelEvery == 0 || i == len(points)-1 {
			s.text(cx, top+plotH+16, `class="lbl" text-anchor="middle"`, pt.AsOf)
			s.text(cx, top+plotH+30, `class="lgd" text-anchor="middle"`, verdictLabel[pt.Verdict])
		}
	}
	s.f(`<polyline points="%s" class="trend-line"/>`, strings.Join(line, " "))
	for i, pt := range points {
		xy := strings.Split(line[i], ",")
		s.f(`<circle cx="%s" cy="%s" r="3" class="trend-dot"><title>%s: %d of %d requirements conformant</title></circle>`,
			xy[0], xy[1], html.EscapeString(pt.AsOf), pt.Controls[results.ControlConformant], requirements)
	}
	y := height - 12
	x := left
	for _, g := range results.Grades {
		s.f(`<rect x="%.1f" y="%.1f" width="11" height="11" class="k-g-%s"/>`, x, y-10, g)
		s.text(x+16, y, `class="lgd"`, gradeWord[g])
		x += 110
	}
	s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="trend-line"/>`, x, y-5, x+18, y-5)
	s.text(x+24, y, `class="lgd"`, "conformant requirements (right axis, share)")
	return s.html(), note
}

// niceStep is a gridline step of 1, 2 or 5 times a power of ten giving about four lines.
func niceStep(most int) int {
	raw := max(1, most/4)
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p >= raw {
				return m * p
			}
		}
	}
}

func truncate(s string, n int) string {
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n-1]) + "…"
	}
	return s
}
