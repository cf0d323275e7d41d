package cli

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/internal/report"
	"github.com/ismscheck/ismscheck/internal/results"
)

func (a *app) readinessCmd() *cobra.Command {
	var src resultsSource
	var format, output string
	cmd := &cobra.Command{
		Use:   "readiness [DIR]",
		Short: "Certification readiness: Stage 1 per clause, Stage 2 per Annex A theme, blocking majors, what lacks evidence",
		Long: `readiness shapes a run like a certification audit: Stage 1 (clauses 4-10, the management
system and its documented information) per clause and Stage 2 (the Annex A controls in
operation) per theme, with counts by status and a verdict for each; the open major
nonconformities that block certification (rule, resource, finding); and every requirement
that rests on no evidence (manual, not assessed, inconclusive) with the reason.

It runs the audit on DIR, or renders an earlier run with --results.

Exit codes follow the verdict: 0 ready; 1 not ready (an open major); 2 usage or config
error; 3 incomplete (no open major, but some requirement has no evidence).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.ReadinessFormats); err != nil {
				return err
			}
			r, err := src.load(a, cmd, args)
			if err != nil {
				return err
			}
			if err := a.writeTo(output, func(w io.Writer) error { return report.WriteReadiness(w, r, format) }); err != nil {
				return err
			}
			switch r.Readiness.Verdict {
			case results.VerdictReady:
				return nil
			case results.VerdictIncomplete:
				return exitCode(exitIncomplete)
			}
			return exitCode(exitGate)
		},
	}
	src.add(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(report.ReadinessFormats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
