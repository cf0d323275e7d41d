package results

// ThemeClauses is the RunPoint.Themes key for clauses 4 to 10, which have no Annex A theme.
const ThemeClauses = "clauses"

// Point summarises a run for a trend: its verdict, its failing findings per grade, its
// control statuses overall and per theme. Reports draw the current run with the same
// function as the earlier ones, so the counts compare.
func (r *Results) Point() RunPoint {
	p := RunPoint{RunID: r.Run.ID, AsOf: r.Run.AsOf, Verdict: r.Readiness.Verdict,
		Grades: map[string]int{}, Controls: map[string]int{}, Themes: map[string]map[string]int{}}
	for _, g := range Grades {
		p.Grades[g] = 0
	}
	for _, f := range r.Findings {
		if f.Status == StatusFail {
			p.Grades[f.Grade]++
		}
	}
	for _, c := range r.Controls {
		p.Controls[c.Status]++
		theme := c.Theme
		if theme == "" {
			theme = ThemeClauses
		}
		if p.Themes[theme] == nil {
			p.Themes[theme] = map[string]int{}
		}
		p.Themes[theme][c.Status]++
	}
	return p
}
