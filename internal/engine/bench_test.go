package engine

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/rules"
)

// syntheticDocs builds n ISMS documents shaped like the collector's output: policies,
// procedures and registers with a few rows, plus the repository document.
func syntheticDocs(n int) []evidence.Document {
	docs := make([]evidence.Document, 0, n+1)
	docs = append(docs, evidence.Document{Kind: "isms.repository", ID: "synthetic", Complete: true, Data: map[string]any{
		"root": ".", "name": "synthetic", "files": n, "documents_by_type": map[string]any{}, "registers_by_type": map[string]any{}, "unreadable": []any{},
	}})
	types := []string{"policy", "procedure", "information_security_policy", "scope", "risk_methodology", "audit_report", "management_review"}
	for i := 0; i < n; i++ {
		path := fmt.Sprintf("docs/%05d.md", i)
		if i%5 == 4 {
			path = fmt.Sprintf("registers/%05d.csv", i)
			rows := make([]any, 8)
			lines := make([]any, 8)
			for r := range rows {
				rows[r] = map[string]any{"id": fmt.Sprintf("R-%d", r), "owner": "Tom", "likelihood": "3", "impact": "4", "status": "open", "due_date": "2026-10-01"}
				lines[r] = r + 2
			}
			docs = append(docs, evidence.Document{Kind: "isms.register", ID: path, Complete: true, Data: map[string]any{
				"path": path, "register": []string{"risk_register", "corrective_actions", "soa"}[i%3], "format": "csv",
				"meta": map[string]any{}, "columns": []any{"id", "owner", "likelihood", "impact", "status", "due_date"}, "rows": rows, "row_lines": lines,
			}})
			continue
		}
		meta := map[string]any{
			"id": fmt.Sprintf("DOC-%d", i), "title": "Synthetic document", "owner": "Tom Lindqvist", "approver": "Dana Okafor",
			"approver_role": "CEO", "approved_on": "2026-03-01", "version": "1.0", "next_review": []string{"2027-03-01", "2026-12-01", "2026-08-01"}[i%3],
			"date": "2026-05-14", "controls": []any{"A.5.1"},
		}
		if i%7 == 0 {
			delete(meta, "approver")
		}
		docs = append(docs, evidence.Document{Kind: "isms.document", ID: path, Complete: true, Data: map[string]any{
			"path": path, "controlled": true, "type": types[i%len(types)], "meta": meta,
			"lines": map[string]any{"owner": 4, "approver": 5, "next_review": 9}, "headings": []any{"Purpose", "Scope", "Policy"},
		}})
	}
	for i := range docs {
		_ = docs[i].Seal()
	}
	return docs
}

func builtinPack(b *testing.B) *Pack {
	b.Helper()
	p, err := Load(context.Background(), Source{Name: "builtin", FS: rules.FS, Builtin: true})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

var benchAsOf = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// BenchmarkEvaluate measures the engine as it runs: every rule prepared once, every
// document converted once, documents evaluated in parallel, inventory rules once.
//
//	go test ./internal/engine -run '^$' -bench 'Evaluate|Baseline' -benchmem -benchtime 3x
func BenchmarkEvaluate(b *testing.B) {
	p := builtinPack(b)
	docs := syntheticDocs(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	before := mallocs()
	for i := 0; i < b.N; i++ {
		fs := p.Evaluate(context.Background(), docs, Settings{AsOf: benchAsOf})
		if len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
	reportPerDoc(b, len(docs), mallocs()-before)
}

// BenchmarkBaselineQueryPerDocument is how most peer tools evaluate: a new rego query per
// document per rule (over the already-compiled modules, as conftest does), with the input
// converted on every call. Same 10,000 documents; compare the per-document figures.
func BenchmarkBaselineQueryPerDocument(b *testing.B) {
	p := builtinPack(b)
	docs := syntheticDocs(10_000)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	before := mallocs()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			input := map[string]any{"document": map[string]any{"kind": d.Kind, "id": d.ID, "complete": d.Complete, "data": d.Data}, "as_of": "2026-11-21", "params": map[string]any{}}
			for _, r := range p.Rules {
				if r.Input != InputDocument || !contains(r.Kinds, d.Kind) {
					continue
				}
				if _, err := rego.New(rego.Query("data."+r.Package+".deny"), rego.Compiler(p.compiler), rego.Store(p.store),
					rego.Input(input), rego.StrictBuiltinErrors(true), rego.Time(benchAsOf)).Eval(ctx); err != nil {
					b.Fatal(err)
				}
			}
		}
		// Inventory rules run once per set, as in the engine.
		grouped := map[string]any{}
		for _, d := range docs {
			list, _ := grouped[d.Kind].([]any)
			grouped[d.Kind] = append(list, map[string]any{"kind": d.Kind, "id": d.ID, "complete": d.Complete, "data": d.Data})
		}
		for _, r := range p.Rules {
			if r.Input != InputInventory {
				continue
			}
			if _, err := rego.New(rego.Query("data."+r.Package+".deny"), rego.Compiler(p.compiler), rego.Store(p.store),
				rego.Input(map[string]any{"documents": grouped, "as_of": "2026-11-21", "params": map[string]any{}}), rego.StrictBuiltinErrors(true), rego.Time(benchAsOf)).Eval(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerDoc(b, len(docs), mallocs()-before)
}

func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

func reportPerDoc(b *testing.B, docs int, allocs uint64) {
	b.ReportMetric(float64(allocs)/float64(docs*b.N), "allocs/doc")
	elapsed := b.Elapsed().Seconds()
	if elapsed > 0 {
		b.ReportMetric(float64(docs*b.N)/elapsed, "docs/s")
	}

}
