package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/history"
	"github.com/ismscheck/ismscheck/internal/results"
)

func (a *app) trendCmd() *cobra.Command {
	var dir, format string
	var controls []string
	var changed bool
	cmd := &cobra.Command{
		Use:   "trend --history DIR [--control ID]… [--changed] [--format text|json|csv]",
		Short: "Status of every clause and control across the runs of a history, with failing findings per grade per run",
		Long: `Read a history directory (written by audit or evaluate --history DIR) and show, for every
clause requirement and Annex A control, its status in each run, oldest run first, with the
readiness verdict and the failing findings per grade of each run.

--control keeps one clause or control, or every one under an id ("A.8", "9.2"); repeatable.
--changed keeps those whose status changed across the runs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" && format != "csv" {
				return usageError{fmt.Errorf("--format %q: want text, json or csv", format)}
			}
			if dir == "" {
				return usageError{errors.New("--history DIR is required")}
			}
			if _, err := os.Stat(dir); err != nil {
				return usageError{fmt.Errorf("--history: %w", err)}
			}
			runs, err := history.Store{Dir: dir}.Load()
			if err != nil {
				return usageError{err}
			}
			if len(runs) == 0 {
				return usageError{fmt.Errorf("--history %s holds no runs (files named <as_of>_<run id>.json)", dir)}
			}
			t := buildTrend(runs)
			if t.Items, err = filterTrend(t.Items, controls, changed); err != nil {
				return err
			}
			switch format {
			case "json":
				return jsonOut(a.stdout, t)
			case "csv":
				return t.writeCSV(a.stdout)
			}
			return t.writeText(a.stdout, dir)
		},
	}
	cmd.Flags().StringVar(&dir, "history", "", "history directory")
	cmd.Flags().StringArrayVar(&controls, "control", nil, "only this clause or control, or those under it (repeatable)")
	cmd.Flags().BoolVar(&changed, "changed", false, "only clauses and controls whose status changed across the runs")
	cmd.Flags().StringVar(&format, "format", "text", "text, json or csv")
	return cmd
}

// trend is the history as a table: one column per run, one row per clause or control.
type trend struct {
	Runs  []trendRun  `json:"runs"`
	Items []trendItem `json:"items"`
}

type trendRun struct {
	RunID   string         `json:"run_id"`
	AsOf    string         `json:"as_of"`
	Verdict string         `json:"verdict"`
	Grades  map[string]int `json:"grades"` // failing findings per grade
}

type trendItem struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	// Statuses has one entry per run, in the order of Runs; nil where the run has no status
	// for the item (a run of an older catalog).
	Statuses []*trendCell `json:"statuses"`
}

type trendCell struct {
	Status string `json:"status"`
	Grade  string `json:"grade,omitempty"`
}

func buildTrend(runs []history.Run) trend {
	t := trend{Runs: []trendRun{}, Items: []trendItem{}}
	index := map[string]int{}
	for i, run := range runs {
		p := run.Results.Point()
		t.Runs = append(t.Runs, trendRun{RunID: p.RunID, AsOf: p.AsOf, Verdict: p.Verdict, Grades: p.Grades})
		for _, c := range run.Results.Controls {
			at, seen := index[c.ID]
			if !seen {
				at = len(t.Items)
				index[c.ID] = at
				t.Items = append(t.Items, trendItem{ID: c.ID, Kind: c.Kind, Statuses: make([]*trendCell, len(runs))})
			}
			t.Items[at].Title = c.Title // the newest run's title
			t.Items[at].Statuses[i] = &trendCell{Status: c.Status, Grade: c.Grade}
		}
	}
	sort.SliceStable(t.Items, func(i, j int) bool { return catalog.Less(t.Items[i].ID, t.Items[j].ID) })
	return t
}

// filterTrend keeps the items under the --control ids and, with --changed, those whose
// status moved. An id matching nothing is a usage error: a typo must not print an empty table.
func filterTrend(items []trendItem, ids []string, changed bool) ([]trendItem, error) {
	for _, id := range ids {
		found := false
		for _, it := range items {
			if under(it.ID, id) {
				found = true
				break
			}
		}
		if !found {
			return nil, usageError{fmt.Errorf("--control %s: no clause or control of the history has this id or lies under it", id)}
		}
	}
	out := []trendItem{}
	for _, it := range items {
		keep := len(ids) == 0
		for _, id := range ids {
			keep = keep || under(it.ID, id)
		}
		if keep && (!changed || it.changed()) {
			out = append(out, it)
		}
	}
	return out, nil
}

// under tells whether item is id or one of its sub-clauses or controls ("A.8.5" under "A.8").
func under(item, id string) bool {
	id = strings.TrimSpace(id)
	if strings.HasPrefix(id, "a.") {
		id = "A." + id[2:]
	}
	return item == id || strings.HasPrefix(item, id+".")
}

func (it trendItem) changed() bool {
	for _, c := range it.Statuses[1:] {
		if cellLabel(c) != cellLabel(it.Statuses[0]) {
			return true
		}
	}
	return false
}

// cellLabel is a status as the text table shows it: a nonconformity by its grade.
func cellLabel(c *trendCell) string {
	switch {
	case c == nil:
		return "-"
	case c.Status == results.ControlNonconformity:
		return "NC " + c.Grade
	}
	return c.Status
}

func (t trend) writeText(w io.Writer, dir string) error {
	first, last := t.Runs[0].AsOf, t.Runs[len(t.Runs)-1].AsOf
	fmt.Fprintf(w, "history %s: %d runs, %s to %s\n\n", dir, len(t.Runs), first, last)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(head string, cell func(trendRun) string) {
		cells := []string{head}
		for _, r := range t.Runs {
			cells = append(cells, cell(r))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	row("AS OF", func(r trendRun) string { return r.AsOf })
	row("run", func(r trendRun) string { return r.RunID })
	row("verdict", func(r trendRun) string { return r.Verdict })
	for _, g := range results.Grades {
		row(g, func(r trendRun) string { return fmt.Sprint(r.Grades[g]) })
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(t.Items) == 0 {
		_, err := fmt.Fprintln(w, "no clause or control changed status")
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{"ID", "TITLE"}
	for _, r := range t.Runs {
		head = append(head, r.AsOf)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, it := range t.Items {
		cells := []string{it.ID, shorten(it.Title, 40)}
		for _, c := range it.Statuses {
			cells = append(cells, cellLabel(c))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// writeCSV writes one header row of run dates, then rows for the run ids, verdicts and
// failing findings per grade, then one row per clause or control ("status" or
// "nonconformity:grade"; empty where a run has no status for it).
func (t trend) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"row", "id", "title"}
	for _, r := range t.Runs {
		head = append(head, r.AsOf)
	}
	records := [][]string{head}
	runRow := func(row, id string, cell func(trendRun) string) {
		rec := []string{row, id, ""}
		for _, r := range t.Runs {
			rec = append(rec, cell(r))
		}
		records = append(records, rec)
	}
	runRow("run", "run_id", func(r trendRun) string { return r.RunID })
	runRow("run", "verdict", func(r trendRun) string { return r.Verdict })
	for _, g := range results.Grades {
		runRow("findings", g, func(r trendRun) string { return fmt.Sprint(r.Grades[g]) })
	}
	for _, it := range t.Items {
		rec := []string{it.Kind, it.ID, it.Title}
		for _, c := range it.Statuses {
			switch {
			case c == nil:
				rec = append(rec, "")
			case c.Status == results.ControlNonconformity:
				rec = append(rec, c.Status+":"+c.Grade)
			default:
				rec = append(rec, c.Status)
			}
		}
		records = append(records, rec)
	}
	if err := cw.WriteAll(records); err != nil {
		return err
	}
	return cw.Error()
}
