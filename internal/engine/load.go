// Package engine loads the Rego rule pack, validates its metadata, compiles it once in a
// sandbox and evaluates evidence documents against it in parallel.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
	"github.com/ismscheck/ismscheck/internal/results"
)

// Rule is one loaded rule with its validated metadata.
type Rule struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Severity    string         `json:"severity"`
	Controls    []string       `json:"controls"`
	Kinds       []string       `json:"kinds"`
	Input       string         `json:"input"`
	Subject     string         `json:"subject"`
	Remediation string         `json:"remediation"`
	Permissions []string       `json:"permissions"`
	Params      map[string]any `json:"params,omitempty"`
	Package     string         `json:"package"`
	File        string         `json:"file"`
	Line        int            `json:"line"`
	Builtin     bool           `json:"builtin"`

	hasApplies bool
	query      rego.PreparedEvalQuery
}

// Input modes.
const (
	InputDocument  = "document"
	InputInventory = "inventory"
)

// Pack is a compiled, sandboxed rule pack ready to evaluate.
type Pack struct {
	Rules     []*Rule
	Digest    string   // over every rule and library file, in path order
	Warnings  []string // e.g. 2013 control ids translated
	compiler  *ast.Compiler
	store     storage.Store
	mu        sync.Mutex
	published map[string]bool // data.ismscheck keys the last run wrote
}

// Source is a set of Rego files: the embedded pack or a user directory.
type Source struct {
	Name    string // shown in file names, e.g. "builtin" or the directory path
	FS      fs.FS
	Builtin bool
}

// DirSource reads user rules from a directory.
func DirSource(dir string) Source { return Source{Name: dir, FS: os.DirFS(dir)} }

// LoadError is a problem in a rule file, with where it is.
type LoadError struct {
	File string
	Line int
	Msg  string
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// LoadErrors collects every problem found while loading, so a user fixes them in one go.
type LoadErrors []*LoadError

func (es LoadErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Capabilities are OPA's built-ins minus everything that reaches outside the evidence:
// network calls, DNS and the runtime environment (where tokens live).
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if forbiddenBuiltin(b.Name) {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

func forbiddenBuiltin(name string) bool {
	return name == "http.send" || name == "opa.runtime" || strings.HasPrefix(name, "net.")
}

type ruleFile struct {
	name    string // as shown to users
	src     []byte
	builtin bool
}

// Load reads, validates and compiles rules from the sources, and prepares one query per
// rule. Every error names the file and line; all of them are returned together.
func Load(ctx context.Context, sources ...Source) (*Pack, error) {
	var files []ruleFile
	for _, s := range sources {
		err := fs.WalkDir(s.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			src, err := fs.ReadFile(s.FS, p)
			if err != nil {
				return err
			}
			name := p
			if s.Builtin {
				name = "rules/" + p
			} else {
				name = filepath.Join(s.Name, filepath.FromSlash(p))
			}
			files = append(files, ruleFile{name: name, src: src, builtin: s.Builtin})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read rules from %s: %w", s.Name, err)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })

	cat := catalog.Load()
	pack := &Pack{}
	var errs LoadErrors
	modules := map[string]*ast.Module{}
	seen := map[string]*Rule{}
	digest := sha256.New()
	for _, f := range files {
		fmt.Fprintf(digest, "%s\x00%d\x00", filepath.ToSlash(f.name), len(f.src))
		digest.Write(f.src)
		mod, err := ast.ParseModuleWithOpts(f.name, string(f.src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			errs = append(errs, astErrors(f.name, err)...)
			continue
		}
		modules[f.name] = mod
		rule, ruleErrs, warnings := ruleFromModule(f, mod, cat)
		errs = append(errs, ruleErrs...)
		pack.Warnings = append(pack.Warnings, warnings...)
		if rule == nil {
			continue
		}
		if prev, dup := seen[rule.ID]; dup {
			errs = append(errs, &LoadError{f.name, rule.Line, fmt.Sprintf("rule id %s is already used by %s:%d", rule.ID, prev.File, prev.Line)})
			continue
		}
		seen[rule.ID] = rule
		pack.Rules = append(pack.Rules, rule)
	}
	pack.Digest = "sha256:" + hex.EncodeToString(digest.Sum(nil))
	if len(errs) > 0 {
		return nil, errs
	}

	caps := Capabilities()
	compiler := ast.NewCompiler().WithCapabilities(caps).WithStrict(true).WithEnablePrintStatements(false)
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, astErrors("", compiler.Errors)
	}
	pack.compiler = compiler
	pack.store = inmem.NewFromObject(map[string]any{
		"ismscheck": map[string]any{"catalog": map[string]any{"annex_a": stringsToAny(cat.AnnexA())}},
	})
	for _, r := range pack.Rules {
		r.hasApplies = len(compiler.GetRulesExact(ast.MustParseRef("data."+r.Package+".applies"))) > 0
		q := "deny := data." + r.Package + ".deny"
		if r.hasApplies {
			q = "applies := data." + r.Package + ".applies; " + q
		}
		prepared, err := rego.New(
			rego.Query(q),
			rego.Compiler(compiler),
			rego.Store(pack.store),
			rego.StrictBuiltinErrors(true),
			rego.Capabilities(caps),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, &LoadError{r.File, r.Line, "prepare query: " + err.Error()}
		}
		r.query = prepared
	}
	sort.Slice(pack.Rules, func(i, j int) bool { return pack.Rules[i].ID < pack.Rules[j].ID })
	return pack, nil
}

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// astErrors turns OPA parse/compile errors into file:line errors.
func astErrors(file string, err error) LoadErrors {
	var out LoadErrors
	if es, ok := err.(ast.Errors); ok {
		for _, e := range es {
			le := &LoadError{File: file, Msg: e.Message}
			if e.Location != nil {
				if e.Location.File != "" {
					le.File = e.Location.File
				}
				le.Line = e.Location.Row
			}
			if e.Code != "" {
				le.Msg = e.Code + ": " + e.Message
			}
			out = append(out, le)
		}
		return out
	}
	return LoadErrors{{File: file, Msg: err.Error()}}
}

// ruleFromModule reads a module's package METADATA. A module that defines `deny` is a rule
// and must carry valid metadata; one that does not is a library.
func ruleFromModule(f ruleFile, mod *ast.Module, cat *catalog.Catalog) (*Rule, LoadErrors, []string) {
	pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
	var ann *ast.Annotations
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	hasDeny := false
	for _, r := range mod.Rules {
		if r.Head.Name.String() == "deny" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.Compare(ast.Var("deny")) == 0) {
			hasDeny = true
		}
	}
	line := mod.Package.Location.Row
	if ann != nil && ann.Location != nil {
		line = ann.Location.Row
	}
	custom := map[string]any{}
	if ann != nil && ann.Custom != nil {
		custom = ann.Custom
	}
	_, hasID := custom["id"]
	switch {
	case !hasDeny && !hasID:
		return nil, nil, nil // a library module
	case !hasDeny:
		return nil, LoadErrors{{f.name, line, "rule metadata found but the package defines no `deny` rule"}}, nil
	case ann == nil:
		return nil, LoadErrors{{f.name, line, "package defines `deny` but has no package-scope METADATA block (see rules/README.md)"}}, nil
	}
	bad := func(format string, args ...any) *LoadError {
		return &LoadError{f.name, line, "METADATA: " + fmt.Sprintf(format, args...)}
	}
	var errs LoadErrors
	var warnings []string
	r := &Rule{Title: ann.Title, Description: ann.Description, Package: pkg, File: f.name, Line: line, Builtin: f.builtin}
	r.ID, _ = custom["id"].(string)
	if strings.TrimSpace(r.ID) == "" {
		errs = append(errs, bad("custom.id is required (a stable id such as DOC-01)"))
	}
	if strings.TrimSpace(r.Title) == "" {
		errs = append(errs, bad("title is required"))
	}
	r.Severity, _ = custom["severity"].(string)
	if !results.ValidGrade(r.Severity) {
		errs = append(errs, bad("custom.severity %v is not a grade (major, minor, observation, ofi)", custom["severity"]))
	}
	controls, ok := stringList(custom["controls"])
	if !ok || len(controls) == 0 {
		errs = append(errs, bad("custom.controls must list clause or Annex A ids, e.g. [\"9.2.2\", \"A.8.5\"]"))
	}
	for _, c := range controls {
		ids, warning, err := cat.Resolve(c)
		if err != nil {
			errs = append(errs, bad("custom.controls: %v", err))
			continue
		}
		if warning != "" {
			warnings = append(warnings, fmt.Sprintf("%s:%d: %s", f.name, line, warning))
		}
		for _, id := range ids {
			if !contains(r.Controls, id) {
				r.Controls = append(r.Controls, id)
			}
		}
	}
	catalog.SortIDs(r.Controls)
	r.Kinds, ok = stringList(custom["kinds"])
	if !ok || len(r.Kinds) == 0 {
		errs = append(errs, bad("custom.kinds must list the evidence kinds the rule reads"))
	}
	for _, k := range r.Kinds {
		if !evidence.KnownKind(k) {
			errs = append(errs, bad("custom.kinds: unknown evidence kind %q (known: %s)", k, strings.Join(evidence.Kinds(), ", ")))
		}
	}
	r.Input = InputDocument
	if v, present := custom["input"]; present {
		r.Input, _ = v.(string)
		if r.Input != InputDocument && r.Input != InputInventory {
			errs = append(errs, bad("custom.input must be %q or %q", InputDocument, InputInventory))
		}
	}
	if len(r.Kinds) > 0 {
		r.Subject = r.Kinds[0]
	}
	if v, present := custom["subject"]; present {
		r.Subject, _ = v.(string)
		if !contains(r.Kinds, r.Subject) {
			errs = append(errs, bad("custom.subject %v must be one of the rule's kinds", v))
		}
	}
	r.Remediation, _ = custom["remediation"].(string)
	if strings.TrimSpace(r.Remediation) == "" {
		errs = append(errs, bad("custom.remediation is required: say how to fix a failure"))
	}
	r.Permissions = []string{}
	if v, present := custom["permissions"]; present {
		if r.Permissions, ok = stringList(v); !ok {
			errs = append(errs, bad("custom.permissions must be a list of strings"))
		}
	}
	if v, present := custom["params"]; present {
		if r.Params, ok = v.(map[string]any); !ok {
			errs = append(errs, bad("custom.params must be a mapping of parameter defaults"))
		}
	}
	for k := range custom {
		switch k {
		case "id", "severity", "controls", "kinds", "input", "subject", "remediation", "permissions", "params":
		default:
			errs = append(errs, bad("custom.%s is not a known field", k))
		}
	}
	if len(errs) > 0 {
		return nil, errs, warnings
	}
	return r, nil, warnings
}

func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, v == nil
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Rule returns the rule with this id.
func (p *Pack) Rule(id string) (*Rule, bool) {
	for _, r := range p.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// RulesByControl maps each clause or control id to the ids of the rules covering it.
func (p *Pack) RulesByControl(notConfigured map[string]bool) map[string][]string {
	out := map[string][]string{}
	if p == nil {
		return out
	}
	for _, r := range p.Rules {
		if r.ReadsOnly(notConfigured) {
			continue
		}
		for _, c := range r.Controls {
			out[c] = append(out[c], r.ID)
		}
	}
	return out
}

// Sources lists the collectors whose evidence the rule reads, in the order of its kinds.
func (r *Rule) Sources() []string {
	var out []string
	for _, k := range r.Kinds {
		if c := evidence.CollectorOf(k); !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// ReadsOnly tells whether the rule has nothing to say about this ISMS because of the
// sources in the set (those the configuration does not name): every source it reads is in
// the set, or the source of its subject is. A rule judging GitHub repositories against the
// ISMS asset register has no repository to judge without GitHub, however complete the ISMS.
func (r *Rule) ReadsOnly(sources map[string]bool) bool {
	if len(sources) == 0 {
		return false
	}
	if r.Subject != "" && sources[evidence.CollectorOf(r.Subject)] {
		return true
	}
	for _, c := range r.Sources() {
		if !sources[c] {
			return false
		}
	}
	return true
}
