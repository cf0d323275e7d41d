package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	githistory "github.com/ismscheck/ismscheck/collectors/git"
	"github.com/ismscheck/ismscheck/collectors/isms"
	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/engine"
	"github.com/ismscheck/ismscheck/internal/grading"
	"github.com/ismscheck/ismscheck/internal/history"
	"github.com/ismscheck/ismscheck/internal/orgparams"
	"github.com/ismscheck/ismscheck/internal/results"
	"github.com/ismscheck/ismscheck/internal/soa"
	"github.com/ismscheck/ismscheck/rules"
)

// Version is set at build time with -ldflags "-X github.com/ismscheck/ismscheck/internal/cli.Version=v1.2.3".
var Version = "0.1.0-dev"

func tool(pack *engine.Pack) results.Tool {
	t := results.Tool{Name: "ismscheck", Version: Version, CatalogVersion: catalog.Version}
	if pack != nil {
		t.RulePackDigest = pack.Digest
	}
	return t
}

// loadPack compiles the built-in rules plus the user's directories. Any problem is a usage
// error (exit 2): nothing is evaluated with a broken rule pack.
func loadPack(ctx context.Context, log *slog.Logger, dirs []string) (*engine.Pack, error) {
	sources := []engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}}
	for _, d := range dirs {
		sources = append(sources, engine.DirSource(d))
	}
	pack, err := engine.Load(ctx, sources...)
	if err != nil {
		return nil, usageError{fmt.Errorf("rules: %w", err)}
	}
	for _, w := range pack.Warnings {
		log.Warn(w)
	}
	return pack, nil
}

// configAndPack loads the config and the rule pack and refuses a config naming rules the
// pack lacks: what every command that judges or lists by the configuration does first.
func configAndPack(ctx context.Context, log *slog.Logger, cfgPath string, args, ruleDirs []string) (*config.Config, *engine.Pack, error) {
	cfg, err := loadConfig(cfgPath, args)
	if err != nil {
		return nil, nil, err
	}
	pack, err := loadPack(ctx, log, ruleDirs)
	if err != nil {
		return nil, nil, err
	}
	if err := checkConfigRules(cfg, pack); err != nil {
		return nil, nil, err
	}
	return cfg, pack, nil
}

// checkConfigRules refuses a config that names rules the pack does not have: a typo in
// `disable` must not silently leave a rule on, nor in `severity` leave a grade unchanged.
func checkConfigRules(cfg *config.Config, pack *engine.Pack) error {
	for _, id := range cfg.RuleIDs() {
		if _, ok := pack.Rule(id); !ok {
			return usageError{fmt.Errorf("%s:%d: rule %s is not in the rule pack (see `ismscheck rules`)", cfg.Path, cfg.RuleLine(id), id)}
		}
	}
	// A risk acceptance is a risk-treatment option for Annex A controls. Clauses 4 to 10 are
	// requirements of the management system itself: no organisation can accept their absence.
	for _, w := range cfg.Waivers {
		r, _ := pack.Rule(w.Rule)
		for _, c := range r.Controls {
			if !catalog.IsAnnexA(c) {
				return usageError{fmt.Errorf("%s:%d: waiver for %s: the rule checks clause %s, a requirement of the standard that a risk acceptance cannot waive (fix it, or record a corrective action)", cfg.Path, w.Line, w.Rule, c)}
			}
		}
	}
	return nil
}

// collect runs every configured collector.
// A collector that fails is recorded in coverage (its rules become errors), not returned.
// progress, when set, hears how far the API collectors are. asOf is the run's date when it
// is known (audit); zero (collect) means the collection time, for facts read over a window
// that ends at the run's date, such as the audit log GH-20 reads.
func collect(ctx context.Context, log *slog.Logger, progress evidence.ProgressFunc, cfg *config.Config, asOf time.Time) ([]evidence.Document, []evidence.Coverage) {
	var docs []evidence.Document
	var cov []evidence.Coverage
	if src := cfg.Sources.ISMS; src != nil {
		registers := map[string][]string{}
		for k, v := range src.Registers {
			registers[k] = v
		}
		start := time.Now()
		d, c, err := isms.Collect(ctx, isms.Options{Root: cfg.ISMSRoot(), Name: src.Name, Registers: registers, Exclude: src.Exclude, Version: Version, Layout: layout(src.Layout)})
		if err != nil {
			// The rules that read ISMS evidence will be skipped with this reason in coverage.
			log.Error("isms collector failed", "root", cfg.ISMSRoot(), "err", err)
		}
		log.Info("collected", "collector", "isms", "documents", len(d), "incomplete", c.Incomplete, "took", time.Since(start).Round(time.Millisecond))
		for _, e := range c.Errors {
			log.Warn("unreadable evidence", "collector", "isms", "error", e.String())
		}
		docs = append(docs, d...)
		cov = append(cov, c)
		if src.ReadHistory() {
			start := time.Now()
			d, c, err := githistory.Collect(ctx, githistory.Options{Root: cfg.ISMSRoot(), Version: Version})
			if err != nil {
				log.Error("git collector failed", "root", cfg.ISMSRoot(), "err", err)
			}
			log.Info("collected", "collector", "git", "documents", len(d), "status", c.Status, "took", time.Since(start).Round(time.Millisecond))
			docs = append(docs, d...)
			cov = append(cov, c)
		} else {
			cov = append(cov, evidence.Coverage{Collector: githistory.CollectorName, Source: cfg.ISMSRoot(), Status: evidence.CoverageSkipped,
				Kinds:  []string{githistory.KindFile, githistory.KindRepository},
				Errors: []evidence.Error{{Message: "Git history is switched off in the configuration (sources.isms.history: false)"}}})
		}
	}
	if src := cfg.Sources.GitHub; src != nil {
		d, c := collectGitHub(ctx, log, progress, src, asOf)
		docs = append(docs, d...)
		cov = append(cov, c)
	}
	if src := cfg.Sources.AWS; src != nil {
		d, c := collectAWS(ctx, log, progress, src)
		docs = append(docs, d...)
		cov = append(cov, c)
	}
	return docs, cov
}

// layout turns the config's layout into the collector's.
func layout(l config.Layout) isms.Layout {
	out := isms.Layout{
		Values: l.Values, DocumentTypes: l.DocumentTypes, Placeholders: l.Placeholders, DateFormats: l.GoDateLayouts(),
		ListFields: l.ListFields, Columns: map[string]map[string][]string{}, ControlFields: map[string][]string{},
		SectionLists: map[string][]string{},
	}
	for field, headings := range l.SectionLists {
		out.SectionLists[field] = headings
	}
	for typ, cols := range l.Columns {
		out.Columns[typ] = map[string][]string{}
		for canonical, names := range cols {
			out.Columns[typ][canonical] = names
		}
	}
	for field, labels := range l.ControlFields {
		out.ControlFields[field] = labels
	}
	return out
}

// evaluate runs the pack and grades the outcome; earlier runs from the history (oldest
// first) escalate repeated minors and become the results' History.
// A rule still running at the timeout is an error finding, never a pass.
func evaluate(ctx context.Context, timeout time.Duration, pack *engine.Pack, cfg *config.Config, docs []evidence.Document, cov []evidence.Coverage, asOf time.Time, manifestDigest string, warnings []string, earlier []*results.Results) *results.Results {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	unavailable, notCollected := map[string]string{}, map[string]string{}
	var missing []engine.MissingPart
	for _, c := range cov {
		switch {
		case c.Status == evidence.CoverageMissing:
			missing = append(missing, engine.MissingPart{Collector: c.Collector, Part: c.Source, Reason: joinCoverageErrors(c)})
		case c.Collected > 0 && c.Expected > c.Collected:
			// Some documents were written and some could not be (one organisation of two, a
			// repository whose reads failed): those resources must not just drop out while
			// the rest of the source is judged as if it were whole.
			missing = append(missing, engine.MissingPart{Collector: c.Collector, Part: c.Source,
				Reason: fmt.Sprintf("%d of %d expected documents could not be collected: %s", c.Expected-c.Collected, c.Expected, joinCoverageErrors(c))})
		}
		switch c.Status {
		case evidence.CoverageError:
			unavailable[c.Collector] = joinCoverageErrors(c)
		case evidence.CoverageSkipped:
			notCollected[c.Collector] = joinCoverageErrors(c)
		}
	}
	applicability := soa.Read(docs, nil)
	unconfigured := notConfigured(cfg)
	org, orgWarnings := orgparams.Read(docs)
	warnings = append(warnings, orgWarnings...)
	findings := pack.Evaluate(ctx, docs, engine.Settings{
		AsOf:     asOf,
		Disabled: cfg.Disabled,
		// Rule defaults, then the organisation's own policy parameters, then the config.
		Params:        func(r *engine.Rule) map[string]any { return cfg.ParamsFor(r.ID, merge(r.Params, org.Values())) },
		Data:          map[string]any{"soa": applicability.AsData(), "policy": org.AsData()},
		Unavailable:   unavailable,
		NotCollected:  notCollected,
		NotConfigured: unconfigured,
		Listed:        evidence.ListedKinds(cov),
		Missing:       missing,
	})
	r := grading.Grade(grading.Input{
		SoA: &applicability, Findings: findings, Pack: pack, Config: cfg, Documents: docs, Coverage: cov,
		AsOf: asOf, Tool: tool(pack), ManifestDigest: manifestDigest, Warnings: append(warnings, pack.Warnings...),
		NotConfigured: unconfigured, Earlier: earlier,
	})
	grading.SortFindings(r.Findings)
	if len(earlier) > 0 {
		r.History = history.Points(earlier)
	}
	return r
}

// notConfigured names the sources the configuration leaves out. The ISMS (and its history)
// is always a source; GitHub and AWS only when the config names them.
func notConfigured(cfg *config.Config) map[string]bool {
	return map[string]bool{"github": cfg.Sources.GitHub == nil, "aws": cfg.Sources.AWS == nil}
}

// gate is the exit code for results against a threshold: 1 when a finding at or above it
// failed, 3 when none failed but evidence for rules at or above it was incomplete. With a
// baseline (its comparison with these results), only failures that are new or whose grade rose count; incomplete evidence still
// does, because an unread source cannot be shown to be unchanged.
func gate(r *results.Results, failOn string, allowIncomplete bool, baseline *results.Diff) int {
	if failOn == "none" {
		return exitOK
	}
	counts := func(results.Finding) bool { return true }
	if baseline != nil {
		gating := map[string]bool{}
		for _, f := range baseline.Gating() {
			gating[f.Fingerprint] = true
		}
		counts = func(f results.Finding) bool { return gating[f.Fingerprint] }
	}
	limit := results.GradeRank(failOn)
	incomplete := false
	for _, f := range r.Findings {
		switch {
		case f.Status == results.StatusFail && f.Waiver == nil && results.GradeRank(f.Grade) <= limit && counts(f):
			return exitGate
		case f.Status == results.StatusError && results.GradeRank(f.Severity) <= limit:
			incomplete = true
		}
	}
	if incomplete && !allowIncomplete {
		return exitIncomplete
	}
	return exitOK
}

// parseAsOf reads a date (YYYY-MM-DD) or RFC 3339 time; empty means today (UTC).
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC().Truncate(24 * time.Hour), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, usageError{fmt.Errorf("--as-of %q: want a date such as 2026-11-21", s)}
}

func validFailOn(s string) error {
	if s == "none" || results.ValidGrade(s) {
		return nil
	}
	return usageError{fmt.Errorf("--fail-on %q: want one of major, minor, observation, ofi, none", s)}
}

func kindsOf(docs []evidence.Document) string {
	seen := map[string]int{}
	for _, d := range docs {
		seen[d.Kind]++
	}
	var parts []string
	for _, k := range evidence.Kinds() {
		if seen[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", k, seen[k]))
		}
	}
	return strings.Join(parts, " ")
}

func merge(maps ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func joinCoverageErrors(c evidence.Coverage) string {
	if len(c.Errors) == 0 {
		return "no reason recorded"
	}
	parts := make([]string, len(c.Errors))
	for i, e := range c.Errors {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}
