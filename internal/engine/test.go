package engine

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/ismscheck/ismscheck/internal/catalog"
)

// TestResult is the outcome of one Rego test rule.
type TestResult struct {
	Name   string // package.test_name
	File   string
	Line   int
	Passed bool
	Detail string // failure or error text
}

// RunTests runs every `test_` rule in the sources' _test.rego files, compiled with the same
// sandboxed capabilities and catalog data as evaluation, so a rule cannot pass its tests
// with a built-in it will not get at run time.
func RunTests(ctx context.Context, sources ...Source) ([]TestResult, error) {
	modules := map[string]*ast.Module{}
	for _, s := range sources {
		err := fs.WalkDir(s.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return err
			}
			src, err := fs.ReadFile(s.FS, p)
			if err != nil {
				return err
			}
			name := filepath.Join(s.Name, filepath.FromSlash(p))
			mod, err := ast.ParseModuleWithOpts(name, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
			if err != nil {
				return astErrors(name, err)
			}
			modules[name] = mod
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	compiler := ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(true)
	store := inmem.NewFromObject(map[string]any{
		"ismscheck": map[string]any{"catalog": map[string]any{"annex_a": stringsToAny(catalog.Load().AnnexA())}},
	})
	ch, err := tester.NewRunner().SetCompiler(compiler).SetStore(store).RaiseBuiltinErrors(true).CapturePrintOutput(true).Run(ctx, modules)
	if err != nil {
		return nil, astErrors("", err)
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Name: r.Package + "." + r.Name, Passed: r.Pass()}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		switch {
		case r.Error != nil:
			tr.Detail = r.Error.Error()
		case r.Fail:
			tr.Detail = "test failed"
			if len(r.Output) > 0 {
				tr.Detail += ": " + string(r.Output)
			}
		}
		out = append(out, tr)
	}
	return out, nil
}

// String reads like `opa test` output.
func (t TestResult) String() string {
	status := "PASS"
	if !t.Passed {
		status = "FAIL"
	}
	s := fmt.Sprintf("%s:%d: %s %s", t.File, t.Line, t.Name, status)
	if t.Detail != "" {
		s += " (" + strings.TrimSpace(t.Detail) + ")"
	}
	return s
}
