package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/internal/results"
)

// resultsSource is how soa, readiness and cap get a run: from --results (an earlier run,
// no re-collection: what CI and auditors want), or by running the audit on DIR.
type resultsSource struct {
	resultsPath, cfgPath, asOfText string
	ruleDirs                       []string
	timeout                        time.Duration
}

func (s *resultsSource) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.resultsPath, "results", "", "results JSON of an earlier run (audit --format json, or evaluate --out): render it without collecting again")
	cmd.Flags().StringVar(&s.cfgPath, "config", "", "config file (instead of DIR/ismscheck.yaml)")
	cmd.Flags().StringVar(&s.asOfText, "as-of", "", "evaluate as of this date (YYYY-MM-DD; default today, UTC)")
	cmd.Flags().StringArrayVar(&s.ruleDirs, "rules", nil, "directory of extra Rego rules (repeatable)")
	cmd.Flags().DurationVar(&s.timeout, "timeout", 5*time.Minute, "stop evaluating after this long; unfinished rules are reported as errors")
}

// load reads --results, or collects and evaluates DIR (or --config) as audit does.
func (s *resultsSource) load(a *app, cmd *cobra.Command, args []string) (*results.Results, error) {
	if s.resultsPath != "" {
		if len(args) > 0 || s.cfgPath != "" || s.asOfText != "" || len(s.ruleDirs) > 0 {
			return nil, usageError{errors.New("--results renders an earlier run: give no DIR, --config, --as-of or --rules with it")}
		}
		r, err := results.Read(s.resultsPath)
		if err != nil {
			return nil, usageError{err}
		}
		return r, nil
	}
	asOf, err := parseAsOf(s.asOfText)
	if err != nil {
		return nil, err
	}
	cfg, pack, err := configAndPack(cmd.Context(), a.log, s.cfgPath, args, s.ruleDirs)
	if err != nil {
		return nil, err
	}
	docs, cov := collect(cmd.Context(), a.log, a.progress(), cfg, asOf)
	return evaluate(cmd.Context(), s.timeout, pack, cfg, docs, cov, asOf, "", nil, nil), nil
}
