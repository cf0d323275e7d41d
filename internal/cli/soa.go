package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/internal/report"
)

func (a *app) soaCmd() *cobra.Command {
	var src resultsSource
	var format, output string
	cmd := &cobra.Command{
		Use:   "soa [DIR]",
		Short: "Statement of Applicability: all 93 Annex A controls with applicability, justification and the status this run evidences",
		Long: `soa prints the Statement of Applicability as this run evidences it: for each of the 93
Annex A controls, whether the ISMS's own SoA marks it applicable (yes, no, unknown) and why,
the implementation status it declares, and the status the evidence shows (conformant,
nonconformity, observation, risk accepted, not applicable, manual, not assessed,
inconclusive) with what that rests on: the rules that evaluated evidence, the attestation
relied on and until when, or nothing.

It runs the audit on DIR, or renders an earlier run with --results. Exit 0 once written.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, report.SoAFormats); err != nil {
				return err
			}
			r, err := src.load(a, cmd, args)
			if err != nil {
				return err
			}
			return a.writeTo(output, func(w io.Writer) error { return report.WriteSoA(w, r, format) })
		},
	}
	src.add(cmd)
	cmd.Flags().StringVar(&format, "format", "markdown", "output format: "+strings.Join(report.SoAFormats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

// checkFormat refuses a --format the command cannot write, naming the ones it can.
func checkFormat(format string, available []string) error {
	if slices.Contains(available, format) {
		return nil
	}
	return usageError{fmt.Errorf("--format %q: want one of %s", format, strings.Join(available, ", "))}
}
