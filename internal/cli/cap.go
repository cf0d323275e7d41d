package cli

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/collectors/isms"
	"github.com/ismscheck/ismscheck/internal/report"
	"github.com/ismscheck/ismscheck/internal/results"
)

func (a *app) capCmd() *cobra.Command {
	var src resultsSource
	var format, output, appendTo string
	var noHeader bool
	cmd := &cobra.Command{
		Use:   "cap [DIR]",
		Short: "Corrective action plan: actions per rule with open nonconformities, in the corrective-action register's columns",
		Long: `cap proposes a corrective action for each rule with open (unwaived) major or minor
nonconformities that no open action in the ISMS's corrective-action register already
covers: id, source (run, rule, grade, controls), description, correction (the rule's
remediation), owner (from the ISMS), due date (as-of plus corrective_actions.due_days for
the grade; default 30 for a major, 90 for a minor) and status open. Root cause, corrective
action and effectiveness review are left for the owner.

Rows come in the register's own columns, so they can be appended to it: --append-to FILE
checks FILE's header and appends the rows not already there. The next run takes them back:
each row carries "ismscheck:RULE" and the fingerprints of the findings it covers (in a
finding_ref column, else at the end of source; at most 20 findings per action, so a rule
failing on more resources gets several), so an open action past its due date one of whose
findings still fails is a minor against 10.2 (CAP-01), and a closed action one of whose own
findings fails again makes that finding a major (the rule failing on another resource is a
new nonconformity, not a repeat).

It runs the audit on DIR, or renders an earlier run with --results. Exit 0 once written.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.CAPFormats); err != nil {
				return err
			}
			if appendTo != "" && (format != "csv" || output != "") {
				return usageError{errors.New("--append-to writes CSV rows into the register: give no --format or --output with it")}
			}
			r, err := src.load(a, cmd, args)
			if err != nil {
				return err
			}
			if appendTo != "" {
				return a.appendActions(r, appendTo)
			}
			return a.writeTo(output, func(w io.Writer) error {
				if err := report.WriteCAP(w, r, format, !noHeader); err != nil {
					return usageError{err}
				}
				return nil
			})
		},
	}
	src.add(cmd)
	cmd.Flags().StringVar(&format, "format", "csv", "output format: "+strings.Join(report.CAPFormats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&noHeader, "no-header", false, "CSV without the header row")
	cmd.Flags().StringVar(&appendTo, "append-to", "", "append the proposed actions to this corrective-action register (CSV)")
	return cmd
}

// appendActions adds the plan's rows to a CSV register after checking that its header is
// the one the plan was shaped for. Actions whose id is already there are left out, so
// appending twice does not duplicate them.
func (a *app) appendActions(r *results.Results, path string) error {
	rows, err := report.CAPRows(r)
	if err != nil {
		return usageError{err}
	}
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		return usageError{fmt.Errorf("--append-to %s: only CSV registers can be appended to; write the plan with --format csv and add it by hand", path)}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return usageError{err}
	}
	reg, err := isms.ParseCSVRegister(raw)
	if err != nil {
		return usageError{fmt.Errorf("%s:%v", path, err)}
	}
	want := r.CorrectiveActions.Register.Columns
	if !slices.Equal(reg.Columns, want) {
		return usageError{fmt.Errorf("%s:1: the header has the columns %s, but the plan is shaped for %s (%s); run cap on the ISMS that holds this register",
			path, strings.Join(reg.Columns, ","), strings.Join(want, ","), r.CorrectiveActions.Register.Path)}
	}
	idColumn := slices.Index(r.CorrectiveActions.Register.Fields, "id")
	have := map[string]bool{}
	if idColumn >= 0 {
		for _, row := range reg.Rows {
			have[strings.ToLower(fmt.Sprint(row[reg.Columns[idColumn]]))] = true
		}
	}
	var add [][]string
	skipped := 0
	for _, row := range rows {
		if idColumn >= 0 && have[strings.ToLower(row[idColumn])] {
			skipped++
			continue
		}
		add = append(add, row)
	}
	var buf bytes.Buffer
	crlf := bytes.Contains(raw, []byte("\r\n"))
	if len(raw) > 0 && !bytes.HasSuffix(raw, []byte("\n")) {
		buf.WriteString(map[bool]string{true: "\r\n", false: "\n"}[crlf])
	}
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = crlf
	if err := cw.WriteAll(add); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return usageError{err}
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "appended %d corrective action(s) to %s", len(add), path)
	if skipped > 0 {
		fmt.Fprintf(a.stdout, " (%d already there)", skipped)
	}
	fmt.Fprintln(a.stdout)
	return nil
}
