package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// findings turns a rule's deny set into failures, then records every subject without a
// failure as pass, or as error (skipped) when the evidence behind it is incomplete (note).
func (e *evaluation) findings(violations []any, deflt *evidence.Document, subjects []*prepared, note gap) []results.Finding {
	failed := map[evidence.Ref]bool{}
	var out []results.Finding
	for _, v := range violations {
		f, err := e.violation(v, deflt)
		if err != nil {
			ref := evidence.Ref{Kind: e.rule.Subject, ID: "*"}
			if deflt != nil {
				ref = evidence.Ref{Kind: deflt.Kind, ID: deflt.ID}
			}
			bad := e.base(results.StatusError, ref, fmt.Sprintf("rule %s (%s:%d) returned an unusable result: %v", e.rule.ID, e.rule.File, e.rule.Line, err))
			failed[ref] = true
			out = append(out, bad)
			continue
		}
		if note.status != "" {
			f.Message += " [" + note.message() + "]"
		}
		failed[f.Resource] = true
		out = append(out, f)
	}
	for _, pd := range subjects {
		ref := evidence.Ref{Kind: pd.doc.Kind, ID: pd.doc.ID}
		if failed[ref] {
			continue
		}
		status, msg := results.StatusPass, "no violation found"
		if g := gapFor(e.rule, pd.doc); g.status != "" {
			status, msg = g.status, g.message()
		} else if note.status != "" {
			status, msg = note.status, "no violation found, but "+note.message()
		}
		f := e.base(status, ref, msg)
		f.Evidence = []string{pd.doc.Digest}
		e.locate(&f, pd.doc, 0)
		out = append(out, f)
	}
	return out
}

// violation reads one element of a deny set: a message, or an object with msg and
// optional grade, resource, evidence, line and key.
func (e *evaluation) violation(v any, deflt *evidence.Document) (results.Finding, error) {
	var f results.Finding
	var obj map[string]any
	switch x := v.(type) {
	case string:
		obj = map[string]any{"msg": x}
	case map[string]any:
		obj = x
	default:
		return f, fmt.Errorf("a deny element must be a string or an object with msg, got %T", v)
	}
	msg, _ := obj["msg"].(string)
	if strings.TrimSpace(msg) == "" {
		return f, fmt.Errorf("a deny object needs a non-empty msg")
	}
	res := deflt
	var ref evidence.Ref
	if deflt != nil {
		ref = evidence.Ref{Kind: deflt.Kind, ID: deflt.ID}
	}
	if r, ok := obj["resource"].(map[string]any); ok {
		kind, _ := r["kind"].(string)
		id, _ := r["id"].(string)
		if kind == "" || id == "" {
			return f, fmt.Errorf("resource needs kind and id")
		}
		ref = evidence.Ref{Kind: kind, ID: id}
		res = e.index[ref]
	} else if obj["resource"] != nil {
		return f, fmt.Errorf("resource must be an object with kind and id")
	}
	if ref.Kind == "" {
		return f, fmt.Errorf("the rule reads several %s documents, so each deny object must name its resource", e.rule.Subject)
	}
	f = e.base(results.StatusFail, ref, msg)
	f.Grade = e.rule.Severity
	if g, present := obj["grade"]; present {
		gs, _ := g.(string)
		if !results.ValidGrade(gs) {
			return f, fmt.Errorf("grade %v is not one of major, minor, observation, ofi", g)
		}
		f.Grade = gs
	}
	if k, ok := obj["key"].(string); ok {
		f.Key = k
	}
	if res != nil {
		f.Evidence = append(f.Evidence, res.Digest)
	}
	if list, ok := obj["evidence"].([]any); ok {
		for _, item := range list {
			m, _ := item.(map[string]any)
			kind, _ := m["kind"].(string)
			id, _ := m["id"].(string)
			if d := e.index[evidence.Ref{Kind: kind, ID: id}]; d != nil && !contains(f.Evidence, d.Digest) {
				f.Evidence = append(f.Evidence, d.Digest)
			}
		}
	}
	line := 0
	switch n := obj["line"].(type) {
	case json.Number:
		i, _ := n.Int64()
		line = int(i)
	case float64:
		line = int(n)
	case int:
		line = n
	}
	e.locate(&f, res, line)
	return f, nil
}

// locate points a finding at the user file behind a document, when there is one.
func (e *evaluation) locate(f *results.Finding, d *evidence.Document, line int) {
	if d == nil {
		return
	}
	if p, ok := d.Data["path"].(string); ok && p != "" {
		f.Location = &results.Location{Path: p, Line: max(line, 0)}
	}
}

func joinErrors(errs []evidence.Error) string {
	if len(errs) == 0 {
		return "the collector marked it incomplete"
	}
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

func errorLine(d *evidence.Document) int {
	for _, e := range d.Errors {
		if e.Line > 0 {
			return e.Line
		}
	}
	return 0
}
