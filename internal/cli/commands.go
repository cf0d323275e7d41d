package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/report"
	"github.com/ismscheck/ismscheck/internal/results"
)

// loadConfig reads --config, or DIR/ismscheck.yaml (defaults when absent).
func loadConfig(path string, args []string) (*config.Config, error) {
	if path != "" {
		if len(args) > 0 {
			return nil, usageError{errors.New("give either DIR or --config, not both")}
		}
		c, err := config.Load(path)
		if err != nil {
			return nil, usageError{err}
		}
		return c, nil
	}
	dir := "."
	if len(args) > 0 {
		dir = args[0]
	}
	c, err := config.Find(dir)
	if err != nil {
		return nil, usageError{err}
	}
	return c, nil
}

type gateFlags struct {
	failOn          string
	allowIncomplete bool
	timeout         time.Duration
	baseline        string
}

func (g *gateFlags) add(cmd *cobra.Command, deflt string) {
	cmd.Flags().StringVar(&g.failOn, "fail-on", deflt, "exit 1 when a finding is at or above this grade: major, minor, observation, ofi, none")
	cmd.Flags().BoolVar(&g.allowIncomplete, "allow-incomplete", false, "do not exit 3 when evidence for gated rules was incomplete")
	cmd.Flags().StringVar(&g.baseline, "baseline", "", "results JSON of an earlier run: fail only on findings that are new or whose grade rose")
}

// readBaseline loads --baseline before any work, so a wrong path fails fast.
func (g *gateFlags) readBaseline() (*results.Results, error) {
	if g.baseline == "" {
		return nil, nil
	}
	r, err := results.Read(g.baseline)
	if err != nil {
		return nil, usageError{fmt.Errorf("--baseline: %w", err)}
	}
	return r, nil
}

func (g *gateFlags) addTimeout(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&g.timeout, "timeout", 5*time.Minute, "stop evaluating after this long; unfinished rules are reported as errors")
}

func (a *app) write(r *results.Results, format, output string) error {
	return a.writeTo(output, func(w io.Writer) error {
		if err := report.Write(w, r, format); err != nil {
			return usageError{err}
		}
		return nil
	})
}

func (a *app) finish(r *results.Results, g gateFlags, base *results.Results) error {
	var d *results.Diff
	if base != nil {
		diff := results.Compare(base, r)
		d = &diff
		a.log.Info("compared with baseline", "baseline", g.baseline, "new", len(d.New), "regressed", len(d.Regressed),
			"unchanged", len(d.Unchanged), "improved", len(d.Improved), "resolved", len(d.Resolved), "unverified", len(d.Unverified))
	}
	if code := gate(r, g.failOn, g.allowIncomplete, d); code != exitOK {
		return exitCode(code)
	}
	return nil
}

func (a *app) auditCmd() *cobra.Command {
	var cfgPath, format, output, asOfText, evidenceOut string
	var ruleDirs []string
	var g gateFlags
	var h historyFlags
	cmd := &cobra.Command{
		Use:   "audit [DIR]",
		Short: "Collect, evaluate and report in one go (DIR holds ismscheck.yaml; default .)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := validFailOn(g.failOn); err != nil {
				return err
			}
			if err := report.Check(format); err != nil {
				return usageError{err}
			}
			asOf, err := parseAsOf(asOfText)
			if err != nil {
				return err
			}
			base, err := g.readBaseline()
			if err != nil {
				return err
			}
			if h.attestation != "" && evidenceOut == "" {
				return usageError{errors.New("--attestation needs --evidence-out: the statement's subject is the bundle's manifest.json")}
			}
			earlier, err := h.earlier(asOf)
			if err != nil {
				return err
			}
			cfg, pack, err := configAndPack(cmd.Context(), a.log, cfgPath, args, ruleDirs)
			if err != nil {
				return err
			}
			docs, cov := collect(cmd.Context(), a.log, a.progress(), cfg, asOf)
			manifestDigest := ""
			if evidenceOut != "" {
				m, err := writeBundle(evidenceOut, cfg, pack.Digest, docs, cov, nil)
				if err != nil {
					return err
				}
				manifestDigest = m.Digest
			}
			r := evaluate(cmd.Context(), g.timeout, pack, cfg, docs, cov, asOf, manifestDigest, nil, earlier)
			if err := a.write(r, format, output); err != nil {
				return err
			}
			if err := h.attest([]string{evidenceOut}, r); err != nil {
				return err
			}
			if err := h.record(a.log, r); err != nil {
				return err
			}
			return a.finish(r, g, base)
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (instead of DIR/ismscheck.yaml)")
	cmd.Flags().StringArrayVar(&ruleDirs, "rules", nil, "directory of extra Rego rules (repeatable)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the report to this file instead of stdout")
	cmd.Flags().StringVar(&asOfText, "as-of", "", "evaluate as of this date (YYYY-MM-DD; default today, UTC)")
	cmd.Flags().StringVar(&evidenceOut, "evidence-out", "", "also write the collected evidence bundle to this directory")
	h.add(cmd, "with --evidence-out: write an in-toto statement of the run (subject: the bundle's manifest.json) to this file")
	g.add(cmd, "major")
	g.addTimeout(cmd)
	return cmd
}

// shards names the parts of the configuration collected, when collect was restricted to some.
func writeBundle(dir string, cfg *config.Config, packDigest string, docs []evidence.Document, cov []evidence.Coverage, shards []string) (evidence.Manifest, error) {
	cfgMap, err := cfg.AsMap()
	if err != nil {
		return evidence.Manifest{}, err
	}
	m := evidence.Manifest{
		Tool:           evidence.Tool{Name: "ismscheck", Version: Version},
		CreatedAt:      time.Now().UTC().Truncate(time.Second),
		CatalogVersion: catalog.Version,
		RulePackDigest: packDigest,
		Config:         cfgMap,
		Coverage:       cov,
		Shards:         shards,
	}
	m, err = evidence.WriteBundle(dir, m, docs)
	if err != nil {
		return m, fmt.Errorf("write bundle %s: %w", dir, err)
	}
	return m, nil
}

func (a *app) collectCmd() *cobra.Command {
	var cfgPath, out string
	var shards shardFlags
	cmd := &cobra.Command{
		Use:   "collect [DIR] --out BUNDLE_DIR",
		Short: "Collect evidence into a bundle (a directory with manifest.json) for later evaluation",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cfgPath, args)
			if err != nil {
				return err
			}
			if shards.list {
				return printShards(a.stdout, cfg)
			}
			if out == "" {
				return usageError{errors.New("--out BUNDLE_DIR is required")}
			}
			part, err := shards.apply(cfg)
			if err != nil {
				return err
			}
			pack, err := loadPack(cmd.Context(), a.log, nil)
			if err != nil {
				return err
			}
			docs, cov := collect(cmd.Context(), a.log, a.progress(), part, time.Time{}) // no --as-of: windows end at collection
			var parts []string
			if shards.restricted() {
				parts = shardNames(part)
			}
			m, err := writeBundle(out, cfg, pack.Digest, docs, cov, parts)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %d documents to %s (%s)\nmanifest digest %s\n", len(m.Documents), out, kindsOf(docs), m.Digest)
			for _, c := range cov {
				if c.Incomplete > 0 || c.Status != evidence.CoverageOK {
					fmt.Fprintf(a.stdout, "%s %s: %s, %d of %d incomplete\n", c.Collector, c.Source, c.Status, c.Incomplete, c.Expected)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (instead of DIR/ismscheck.yaml)")
	cmd.Flags().StringVar(&out, "out", "", "bundle directory to write")
	shards.add(cmd)
	return cmd
}

func (a *app) evaluateCmd() *cobra.Command {
	var cfgPath, out, asOfText, format string
	var bundles, ruleDirs []string
	var g gateFlags
	var h historyFlags
	cmd := &cobra.Command{
		Use:   "evaluate --evidence BUNDLE_DIR [--evidence ...] --out RESULTS.json",
		Short: "Evaluate evidence bundles offline and write results JSON",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(bundles) == 0 {
				return usageError{errors.New("--evidence BUNDLE_DIR is required")}
			}
			if err := validFailOn(g.failOn); err != nil {
				return err
			}
			asOf, err := parseAsOf(asOfText)
			if err != nil {
				return err
			}
			base, err := g.readBaseline()
			if err != nil {
				return err
			}
			earlier, err := h.earlier(asOf)
			if err != nil {
				return err
			}
			var docs []evidence.Document
			var cov []evidence.Coverage
			var cfg *config.Config
			var digests []string
			var collected [][]string // each bundle's shards; nil for a whole collection
			seen := map[evidence.Ref]string{}
			for _, dir := range bundles {
				b, err := evidence.ReadBundle(dir)
				if err != nil {
					return usageError{err}
				}
				for _, d := range b.Documents {
					ref := evidence.Ref{Kind: d.Kind, ID: d.ID}
					if prev, dup := seen[ref]; dup {
						return usageError{fmt.Errorf("%s %s is in both %s and %s", d.Kind, d.ID, prev, dir)}
					}
					seen[ref] = dir
				}
				docs = append(docs, b.Documents...)
				cov = append(cov, b.Manifest.Coverage...)
				digests = append(digests, b.Manifest.Digest)
				collected = append(collected, b.Manifest.Shards)
				if cfg == nil && cfgPath == "" && b.Manifest.Config != nil {
					if cfg, err = config.FromMap(b.Manifest.Config, dir); err != nil {
						return usageError{fmt.Errorf("%s: %w", filepath.Join(dir, evidence.ManifestFile), err)}
					}
				}
			}
			if cfgPath != "" {
				if cfg, err = config.Load(cfgPath); err != nil {
					return usageError{err}
				}
			}
			if cfg == nil {
				cfg = config.Defaults(".")
			}
			cov = append(cov, missingShards(cfg, collected)...)
			pack, err := loadPack(cmd.Context(), a.log, ruleDirs)
			if err != nil {
				return err
			}
			if err := checkConfigRules(cfg, pack); err != nil {
				return err
			}
			r := evaluate(cmd.Context(), g.timeout, pack, cfg, docs, cov, asOf, strings.Join(digests, ","), nil, earlier)
			if out == "" {
				if err := a.write(r, format, ""); err != nil {
					return err
				}
			} else if err := results.Write(out, r); err != nil {
				return usageError{err}
			}
			if err := h.attest(bundles, r); err != nil {
				return err
			}
			if err := h.record(a.log, r); err != nil {
				return err
			}
			return a.finish(r, g, base)
		},
	}
	cmd.Flags().StringArrayVar(&bundles, "evidence", nil, "evidence bundle directory (repeatable; bundles are merged)")
	cmd.Flags().StringArrayVar(&ruleDirs, "rules", nil, "directory of extra Rego rules (repeatable)")
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (default: the one recorded in the bundle)")
	cmd.Flags().StringVar(&out, "out", "", "results JSON file to write (default: report on stdout)")
	cmd.Flags().StringVar(&format, "format", "json", "format on stdout when --out is not given")
	cmd.Flags().StringVar(&asOfText, "as-of", "", "evaluate as of this date (YYYY-MM-DD; default today, UTC)")
	h.add(cmd, "write an in-toto statement of the run (subject: each bundle's manifest.json) to this file")
	g.add(cmd, "none")
	g.addTimeout(cmd)
	return cmd
}

func (a *app) reportCmd() *cobra.Command {
	var in, format, output string
	var g gateFlags
	cmd := &cobra.Command{
		Use:   "report --results RESULTS.json [--format F]",
		Short: "Render results JSON in another format",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" {
				return usageError{errors.New("--results RESULTS.json is required")}
			}
			if err := validFailOn(g.failOn); err != nil {
				return err
			}
			if err := report.Check(format); err != nil {
				return usageError{err}
			}
			base, err := g.readBaseline()
			if err != nil {
				return err
			}
			r, err := results.Read(in)
			if err != nil {
				return usageError{err}
			}
			if err := a.write(r, format, output); err != nil {
				return err
			}
			return a.finish(r, g, base)
		},
	}
	cmd.Flags().StringVar(&in, "results", "", "results JSON written by evaluate or audit --format json")
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	g.add(cmd, "none")
	return cmd
}

func (a *app) controlsCmd() *cobra.Command {
	var format string
	var ruleDirs []string
	cmd := &cobra.Command{
		Use:   "controls",
		Short: "List the clauses and Annex A controls of ISO/IEC 27001:2022 with the rules covering each",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pack, err := loadPack(cmd.Context(), a.log, ruleDirs)
			if err != nil {
				return err
			}
			type row struct {
				catalog.Item
				Rules []string `json:"rules"`
			}
			var rows []row
			covering := pack.RulesByControl(nil)
			for _, it := range catalog.Load().Items {
				rows = append(rows, row{Item: it, Rules: append([]string{}, covering[it.ID]...)})
			}
			switch format {
			case "json":
				return jsonOut(a.stdout, rows)
			case "text":
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTITLE\tTHEME\tRULES")
				for _, r := range rows {
					title := r.Title
					if !r.HasRequirements {
						title = strings.ToUpper(title)
					}
					rs := strings.Join(r.Rules, " ")
					if rs == "" && r.HasRequirements {
						rs = "(manual)"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, title, strings.TrimSuffix(r.Theme, " controls"), rs)
				}
				return tw.Flush()
			}
			return usageError{fmt.Errorf("--format %q: want text or json", format)}
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringArrayVar(&ruleDirs, "rules", nil, "directory of extra Rego rules (repeatable)")
	return cmd
}

func (a *app) rulesCmd() *cobra.Command {
	var format string
	var ruleDirs []string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules with their grades, controls, evidence kinds and permissions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pack, err := loadPack(cmd.Context(), a.log, ruleDirs)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return jsonOut(a.stdout, pack.Rules)
			case "text":
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tCONTROLS\tKINDS\tTITLE")
				for _, r := range pack.Rules {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(r.Controls, ","), strings.Join(r.Kinds, ","), r.Title)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "\n%d rules · rule pack %s\n", len(pack.Rules), pack.Digest)
				return nil
			}
			return usageError{fmt.Errorf("--format %q: want text or json", format)}
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringArrayVar(&ruleDirs, "rules", nil, "directory of extra Rego rules (repeatable)")
	return cmd
}

func (a *app) verifyCmd() *cobra.Command {
	var format, attestation string
	cmd := &cobra.Command{
		Use:   "verify BUNDLE_DIR [--attestation STATEMENT.json]",
		Short: "Re-hash a bundle and name every altered, missing or extra document (exit 1 if any)",
		Long: `Re-hash a bundle and name every altered, missing or extra document (exit 1 if any).
With --attestation, also check that an in-toto statement written by audit or evaluate
describes this bundle: its subject is the sha256 of this manifest.json and its predicate
names this manifest's digest. The statement's signature is checked by the tool that signed
it (gh attestation verify, cosign verify-blob-attestation), not here.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := evidence.Verify(args[0])
			if err != nil {
				return usageError{err}
			}
			statement, err := checkStatement(attestation, args[0])
			if err != nil {
				return err
			}
			ok := rep.OK() && (statement == nil || len(statement.Problems) == 0)
			if format == "json" {
				out := struct {
					*evidence.VerifyReport
					Attestation *statementCheck `json:"attestation,omitempty"`
				}{rep, statement}
				if err := jsonOut(a.stdout, out); err != nil {
					return err
				}
			} else {
				for _, p := range rep.Problems {
					fmt.Fprintln(a.stdout, p)
				}
				if rep.OK() {
					fmt.Fprintf(a.stdout, "ok: %d documents and the manifest match their digests\nmanifest digest %s\n", rep.Documents, rep.ManifestDigest)
				} else {
					fmt.Fprintf(a.stdout, "FAILED: %d problem(s) in %s\n", len(rep.Problems), args[0])
				}
				statement.writeText(a.stdout)
			}
			if !ok {
				return exitCode(exitGate)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringVar(&attestation, "attestation", "", "in-toto statement (written by --attestation) to check against the bundle")
	return cmd
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, catalog and built-in rule pack digest",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pack, err := loadPack(cmd.Context(), a.log, nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "ismscheck %s\ncatalog %s\nrule pack %s (%d rules)\n", Version, catalog.Version, pack.Digest, len(pack.Rules))
			return nil
		},
	}
}

func jsonOut(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
