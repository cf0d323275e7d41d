package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// Settings are the per-run knobs of an evaluation.
type Settings struct {
	AsOf     time.Time
	Disabled func(ruleID string) bool
	// Params returns the parameters a rule sees (its defaults merged with the config's).
	Params  func(r *Rule) map[string]any
	Workers int // default GOMAXPROCS
	// Unavailable names collectors that were configured but failed, with the reason: their
	// rules are errors (evidence expected, not obtained), not skipped.
	Unavailable map[string]string
	// NotCollected names collectors that ran but could not give their evidence for a stated
	// reason (a shallow clone has no history): their rules are skipped with that reason.
	NotCollected map[string]string
	// Data is published to rules under data.ismscheck.<key> for this run, e.g. "soa" (the
	// Statement of Applicability) and "policy" (the organisation's own parameters).
	Data map[string]any
	// NotConfigured names sources the configuration does not use (no sources.aws): rules
	// reading only those give no finding at all, rather than one "skipped" line each.
	NotConfigured map[string]bool
	// Listed names the kinds their collector read in full (evidence.ListedKinds): no
	// document of such a kind means there is no such resource, not that it went unread.
	// A rule whose subject kind is listed and empty has nothing to judge and gives no
	// finding (results count it as not applicable), rather than a skip or a pass.
	Listed map[string]bool
	// Missing are parts of a source that were expected but whose evidence is absent (a
	// shard of a sharded collection with no bundle). Every rule reading that source gets an
	// error for the part, so its resources neither vanish nor leave the rest looking complete.
	Missing []MissingPart
}

// MissingPart is one expected part of a source that was not collected.
type MissingPart struct {
	Collector string // "github", "aws", "isms"
	Part      string // what was not collected: "github-acme", "aws-123456789012"
	Reason    string
}

// prepared is a document converted to OPA's value form once, for every rule that reads it.
type prepared struct {
	doc   *evidence.Document
	value *ast.Term
}

// Evaluate runs every rule over the documents and returns one finding per rule and
// resource: fail for each violation, pass for each subject resource without one, error
// for incomplete evidence or a rule that could not be evaluated, skipped when there was
// nothing to evaluate. Findings come back sorted, so output is reproducible.
func (p *Pack) Evaluate(ctx context.Context, docs []evidence.Document, s Settings) []results.Finding {
	// The run's data lives in the pack's store, so runs on one pack take turns.
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.publish(ctx, s.Data); err != nil {
		var out []results.Finding
		for _, r := range p.Rules {
			f := skipped(r, "run data could not be published to the rules: "+err.Error())
			f.Status = results.StatusError
			out = append(out, f)
		}
		return out
	}
	if s.Workers <= 0 {
		s.Workers = runtime.GOMAXPROCS(0)
	}
	if s.Params == nil {
		s.Params = func(r *Rule) map[string]any { return r.Params }
	}
	asOf := s.AsOf.UTC().Truncate(24 * time.Hour)
	asOfTerm := ast.StringTerm(asOf.Format("2006-01-02"))

	docsByKind := map[string][]*prepared{}
	index := map[evidence.Ref]*evidence.Document{}
	all := make([]*prepared, len(docs))
	parallel(len(docs), s.Workers, func(i int) {
		d := &docs[i]
		v, err := ast.InterfaceToValue(map[string]any{"kind": d.Kind, "id": d.ID, "complete": d.Complete, "data": d.Data})
		if err != nil {
			// Data that cannot be converted is unreadable evidence, never a pass.
			d.Complete = false
			d.Errors = append(d.Errors, evidence.Error{File: d.ID, Message: "evidence cannot be converted for evaluation: " + err.Error()})
			v = ast.NewObject()
		}
		all[i] = &prepared{doc: d, value: ast.NewTerm(v)}
	})
	for _, pd := range all {
		docsByKind[pd.doc.Kind] = append(docsByKind[pd.doc.Kind], pd)
		index[evidence.Ref{Kind: pd.doc.Kind, ID: pd.doc.ID}] = pd.doc
	}
	sets := inventorySets(docsByKind)

	type job struct {
		rule *Rule
		doc  *prepared // nil for inventory rules
	}
	var jobs []job
	var out []results.Finding
	paramTerms := map[string]*ast.Term{}
	for _, r := range p.Rules {
		if r.ReadsOnly(s.NotConfigured) {
			continue
		}
		if s.Disabled != nil && s.Disabled(r.ID) {
			out = append(out, skipped(r, "disabled in the configuration"))
			continue
		}
		out = append(out, missingParts(r, s.Missing)...)
		if f, missing := missingEvidence(r, docsByKind, s); missing {
			out = append(out, f)
			continue
		}
		v, err := ast.InterfaceToValue(nonNil(s.Params(r)))
		if err != nil {
			// Running with other parameters than the organisation's would judge by the wrong rules.
			f := skipped(r, "its parameters cannot be given to the rule: "+err.Error())
			f.Status = results.StatusError
			out = append(out, f)
			continue
		}
		paramTerms[r.ID] = ast.NewTerm(v)
		if r.Input == InputInventory {
			jobs = append(jobs, job{rule: r})
			continue
		}
		for _, k := range r.Kinds {
			for _, pd := range docsByKind[k] {
				jobs = append(jobs, job{rule: r, doc: pd})
			}
		}
	}

	perJob := make([][]results.Finding, len(jobs))
	parallel(len(jobs), s.Workers, func(i int) {
		j := jobs[i]
		ev := evaluation{rule: j.rule, asOf: asOf, index: index}
		if j.doc != nil {
			perJob[i] = ev.document(ctx, j.doc, asOfTerm, paramTerms[j.rule.ID])
		} else {
			perJob[i] = ev.inventory(ctx, sets, docsByKind[j.rule.Subject], asOfTerm, paramTerms[j.rule.ID])
		}
	})
	for _, fs := range perJob {
		out = append(out, fs...)
	}
	for i := range out {
		f := &out[i]
		f.Fingerprint = results.Fingerprint(f.RuleID, f.Resource, f.Key)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.Resource != b.Resource {
			if a.Resource.Kind != b.Resource.Kind {
				return a.Resource.Kind < b.Resource.Kind
			}
			return a.Resource.ID < b.Resource.ID
		}
		if a.Status != b.Status {
			return a.Status < b.Status
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Message < b.Message
	})
	return out
}

// parallel runs fn(0..n-1) on at most workers goroutines.
func parallel(n, workers int, fn func(i int)) {
	workers = min(workers, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// kindSet is every document of one kind as an OPA array, built once for all inventory
// rules, with what made any of them incomplete.
type kindSet struct {
	docs       *ast.Term
	incomplete []*evidence.Document
}

func inventorySets(byKind map[string][]*prepared) map[string]kindSet {
	sets := make(map[string]kindSet, len(byKind))
	for k, pds := range byKind {
		terms := make([]*ast.Term, len(pds))
		var incomplete []*evidence.Document
		for i, pd := range pds {
			terms[i] = pd.value
			if !pd.doc.Complete {
				incomplete = append(incomplete, pd.doc)
			}
		}
		sets[k] = kindSet{docs: ast.ArrayTerm(terms...), incomplete: incomplete}
	}
	return sets
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

type evaluation struct {
	rule  *Rule
	asOf  time.Time
	index map[evidence.Ref]*evidence.Document
}

func (e *evaluation) base(status string, res evidence.Ref, msg string) results.Finding {
	return results.Finding{
		RuleID: e.rule.ID, Title: e.rule.Title, Status: status, Controls: e.rule.Controls,
		Resource: res, Message: msg, Remediation: e.rule.Remediation, Evidence: []string{}, Severity: e.rule.Severity,
	}
}

// missingParts is one error per part of the rule's sources that was expected but not
// collected. A part missing from several collectors the rule reads (a missing ISMS shard
// lacks both isms and git evidence) is one finding with every reason, so fingerprints stay
// unique.
func missingParts(r *Rule, missing []MissingPart) []results.Finding {
	var out []results.Finding
	at := map[string]int{}
	for _, m := range missing {
		if !contains(r.Sources(), m.Collector) {
			continue
		}
		if i, seen := at[m.Part]; seen {
			if !strings.Contains(out[i].Message, m.Reason) {
				out[i].Message += "; " + m.Reason
			}
			continue
		}
		f := skipped(r, fmt.Sprintf("not evaluated for %s: %s", m.Part, m.Reason))
		f.Status, f.Resource.ID = results.StatusError, m.Part
		at[m.Part] = len(out)
		out = append(out, f)
	}
	return out
}

func skipped(r *Rule, why string) results.Finding {
	return results.Finding{
		RuleID: r.ID, Title: r.Title, Status: results.StatusSkipped, Controls: r.Controls,
		Resource: evidence.Ref{Kind: r.Subject, ID: "*"}, Message: why, Remediation: r.Remediation, Evidence: []string{}, Severity: r.Severity,
	}
}

func (e *evaluation) document(ctx context.Context, pd *prepared, asOf, params *ast.Term) []results.Finding {
	d := pd.doc
	ref := evidence.Ref{Kind: d.Kind, ID: d.ID}
	if g := gapFor(e.rule, d); g.status != "" {
		f := e.base(g.status, ref, g.message())
		e.locate(&f, d, errorLine(d))
		f.Evidence = []string{d.Digest}
		return []results.Finding{f}
	}
	input := ast.NewObject(
		[2]*ast.Term{ast.StringTerm("document"), pd.value},
		[2]*ast.Term{ast.StringTerm("as_of"), asOf},
		[2]*ast.Term{ast.StringTerm("params"), params},
	)
	violations, applies, err := e.eval(ctx, input)
	if err != nil {
		f := e.base(results.StatusError, ref, err.Error())
		f.Evidence = []string{d.Digest}
		return []results.Finding{f}
	}
	if !applies {
		return nil
	}
	return e.findings(violations, d, []*prepared{pd}, gap{})
}

func (e *evaluation) inventory(ctx context.Context, sets map[string]kindSet, subjects []*prepared, asOf, params *ast.Term) []results.Finding {
	grouped := ast.NewObject()
	var gaps []gap
	for _, k := range e.rule.Kinds {
		set, ok := sets[k]
		if !ok {
			set.docs = ast.ArrayTerm()
		}
		grouped.Insert(ast.StringTerm(k), set.docs)
		for _, d := range set.incomplete {
			gaps = append(gaps, gapFor(e.rule, d))
		}
	}
	input := ast.NewObject(
		[2]*ast.Term{ast.StringTerm("documents"), ast.NewTerm(grouped)},
		[2]*ast.Term{ast.StringTerm("as_of"), asOf},
		[2]*ast.Term{ast.StringTerm("params"), params},
	)
	violations, _, err := e.eval(ctx, input)
	if err != nil {
		var out []results.Finding
		for _, pd := range subjects {
			f := e.base(results.StatusError, evidence.Ref{Kind: pd.doc.Kind, ID: pd.doc.ID}, err.Error())
			f.Evidence = []string{pd.doc.Digest}
			out = append(out, f)
		}
		return out
	}
	var deflt *evidence.Document
	if len(subjects) == 1 {
		deflt = subjects[0].doc
	}
	// When some evidence the rule reads is unreadable, a clean result proves nothing:
	// subjects without a failure become errors (or skipped, when the source refused a
	// permission the rule declares), and failures say what was missing.
	return e.findings(violations, deflt, subjects, combine(gaps))
}

// eval runs the prepared query and returns the deny set (and applies, when defined).
func (e *evaluation) eval(ctx context.Context, input ast.Object) ([]any, bool, error) {
	rs, err := e.rule.query.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(e.asOf))
	if err != nil {
		return nil, false, fmt.Errorf("rule %s (%s:%d) could not be evaluated: %v", e.rule.ID, e.rule.File, e.rule.Line, err)
	}
	if len(rs) == 0 {
		// Only a guard (`applies`) that is undefined leaves no result: not applicable.
		// Without a guard the deny set is always defined, so no result is a broken rule.
		if e.rule.hasApplies {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("rule %s (%s:%d) gave no result: `deny` must be a partial set rule (deny contains ... if ...)", e.rule.ID, e.rule.File, e.rule.Line)
	}
	b := rs[0].Bindings
	if e.rule.hasApplies {
		if ok, _ := b["applies"].(bool); !ok {
			return nil, false, nil
		}
	}
	deny, ok := b["deny"].([]any)
	if !ok {
		// A `deny` that is not a set would otherwise read as "nothing wrong": a false pass.
		return nil, false, fmt.Errorf("rule %s (%s:%d): `deny` is %T, not a set (write deny contains ... if ...)", e.rule.ID, e.rule.File, e.rule.Line, b["deny"])
	}
	return deny, true, nil
}

// publish writes the run's data under data.ismscheck, replacing the previous run's: keys an
// earlier run published and this one does not are removed, so no run sees another's SoA.
func (p *Pack) publish(ctx context.Context, data map[string]any) error {
	for key := range p.published {
		if _, again := data[key]; !again {
			if err := storage.WriteOne(ctx, p.store, storage.RemoveOp, storage.Path{"ismscheck", key}, nil); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			delete(p.published, key)
		}
	}
	if p.published == nil {
		p.published = map[string]bool{}
	}
	for _, key := range sortedKeys(data) {
		if key == "catalog" {
			return fmt.Errorf("data.ismscheck.catalog is reserved")
		}
		v, err := roundTrip(data[key])
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if err := storage.WriteOne(ctx, p.store, storage.AddOp, storage.Path{"ismscheck", key}, v); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		p.published[key] = true
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// roundTrip gives the store plain JSON values (maps of any, slices of any, json.Number).
func roundTrip(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return out, dec.Decode(&out)
}

// gapsOf is what the incomplete documents of the rule's kinds mean for it.
func gapsOf(r *Rule, byKind map[string][]*prepared) []gap {
	var gaps []gap
	for _, k := range r.Kinds {
		for _, pd := range byKind[k] {
			if !pd.doc.Complete {
				gaps = append(gaps, gapFor(r, pd.doc))
			}
		}
	}
	return gaps
}

// missingEvidence reports a rule that cannot be judged because a source it reads gave
// nothing: the subject's kind was not collected, or any collector behind its kinds produced
// no document at all (a kind its collector listed in full counts as collected, even empty) (a rule joining ISMS documents with Git history must not pass every
// document when there is no history). Failed collectors make it an error; collectors that
// said why they collected nothing (a shallow clone), or were not configured, a skip.
func missingEvidence(r *Rule, byKind map[string][]*prepared, s Settings) (results.Finding, bool) {
	produced := map[string]bool{}
	var collectors []string
	for _, k := range r.Kinds {
		c := evidence.CollectorOf(k)
		if _, seen := produced[c]; !seen {
			collectors = append(collectors, c)
			produced[c] = false
		}
		if len(byKind[k]) > 0 || s.Listed[k] {
			produced[c] = true
		}
	}
	subject := evidence.CollectorOf(r.Subject)
	if len(byKind[r.Subject]) == 0 && !s.Listed[r.Subject] {
		produced[subject] = false
	}
	for _, c := range collectors {
		if produced[c] {
			continue
		}
		if why, failed := s.Unavailable[c]; failed {
			f := skipped(r, fmt.Sprintf("the %s collector failed: %s", c, why))
			f.Status = results.StatusError
			return f, true
		}
		if why, ok := s.NotCollected[c]; ok {
			return skipped(r, fmt.Sprintf("no %s evidence: %s", c, why)), true
		}
		kind := r.Subject
		if c != subject {
			kind = c
		}
		// The documents the rule does have may say why the rest is missing: a listing the
		// rule declares was refused or failed (recorded on the account it lists). Then
		// that is the reason, and a failure makes it an error, not a quiet skip.
		if g := combine(gapsOf(r, byKind)); g.status != "" {
			f := skipped(r, fmt.Sprintf("no %s evidence was collected: %s", kind, g.message()))
			f.Status = g.status
			return f, true
		}
		return skipped(r, fmt.Sprintf("no %s evidence was collected (is the %s source configured?)", kind, c)), true
	}
	return results.Finding{}, false
}
