package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/internal/results"
)

func (a *app) diffCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff BEFORE.json AFTER.json",
		Short: "Compare two runs: new, regressed, resolved, unverified, improved and unchanged findings",
		Long: `Compare two results files. Findings are matched by fingerprint (rule, resource and key),
never by message text. A failure that the later run did not evaluate (error, skipped, or a
source not collected) is "unverified", not resolved.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format %q: want text or json", format)}
			}
			before, err := results.Read(args[0])
			if err != nil {
				return usageError{err}
			}
			after, err := results.Read(args[1])
			if err != nil {
				return usageError{err}
			}
			d := results.Compare(before, after)
			if format == "json" {
				return jsonOut(a.stdout, d)
			}
			return writeDiff(a.stdout, before, after, d)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	return cmd
}

func writeDiff(w io.Writer, before, after *results.Results, d results.Diff) error {
	was := map[string]results.Finding{}
	for _, f := range before.Findings {
		was[f.Fingerprint] = f
	}
	var b strings.Builder
	fmt.Fprintf(&b, "run %s (as of %s) → run %s (as of %s)\n", before.Run.ID, before.Run.AsOf, after.Run.ID, after.Run.AsOf)
	fmt.Fprintf(&b, "%d new · %d regressed · %d resolved · %d unverified · %d improved · %d unchanged\n",
		len(d.New), len(d.Regressed), len(d.Resolved), len(d.Unverified), len(d.Improved), len(d.Unchanged))
	section := func(title string, fs []results.Finding, note func(results.Finding) string) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", title)
		for _, f := range fs {
			fmt.Fprintf(&b, "  %-11s %-8s %s %s: %s%s\n", strings.ToUpper(f.Grade), f.RuleID, f.Resource.Kind, f.Resource.ID, f.Message, note(f))
		}
	}
	none := func(results.Finding) string { return "" }
	was2 := func(f results.Finding) string { return fmt.Sprintf(" (was %s)", was[f.Fingerprint].Grade) }
	section("NEW", d.New, none)
	section("REGRESSED", d.Regressed, was2)
	section("RESOLVED (passes now)", d.Resolved, none)
	section("UNVERIFIED (not evaluated in the later run)", d.Unverified, none)
	section("IMPROVED", d.Improved, was2)
	_, err := io.WriteString(w, b.String())
	return err
}
