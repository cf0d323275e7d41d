package isms

import (
	"encoding/json"
	"errors"
	"testing"
)

// checkParse holds the invariants every parser keeps on any input: it never panics (the
// fuzzer catches that), an error is a *SyntaxError on a line of the input, per-row
// problems are too, and a result encodes to JSON the same way on every parse.
func checkParse[T any](t *testing.T, src []byte, parse func([]byte) (T, error), problems func(T) []*SyntaxError) {
	t.Helper()
	first, err := parse(src)
	maxLine := lineCount(src) + 1
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("error is %T, not *SyntaxError: %v", err, err)
		}
		if se.Line < 1 || se.Line > maxLine {
			t.Fatalf("error line %d outside 1..%d: %v", se.Line, maxLine, err)
		}
	}
	for _, p := range problems(first) {
		if p.Line < 1 || p.Line > maxLine {
			t.Fatalf("problem line %d outside 1..%d: %v", p.Line, maxLine, p)
		}
	}
	a, jerr := json.Marshal(first)
	if jerr != nil {
		t.Fatalf("result does not encode: %v", jerr)
	}
	second, err2 := parse(src)
	if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
		t.Fatalf("two parses disagree: %v / %v", err, err2)
	}
	b, _ := json.Marshal(second)
	if string(a) != string(b) {
		t.Fatalf("two parses differ:\n%s\n%s", a, b)
	}
}

func noProblems(FrontMatter) []*SyntaxError      { return nil }
func registerProblems(r Register) []*SyntaxError { return r.Problems }

func FuzzParseFrontMatter(f *testing.F) {
	for _, s := range []string{
		policyMD,
		dupProcedureMD,
		"# README\n\nNo front matter.\n",
		"---\ntype: policy\n# never closed\n",
		"---\n- a list\n---\n",
		"\ufeff---\r\ntitle: x\r\n...\r\n```\r\n# code\r\n```\r\n",
		"---\nbase: &b {owner: A}\nreview: {<<: *b, approver: C}\nsecret: x\n---\n",
		"---\na: &a [1, *a]\n---\n",
		"---\nwhen: 2026-01-10\nbig: 99999999999999999999\nnan: .nan\n---\n",
		"---\na: 1\n  b: 2\n---\n",
		"---\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkParse(t, src, ParseFrontMatter, noProblems)
	})
}

func FuzzParseYAMLRegister(f *testing.F) {
	for _, s := range []string{
		threatsYAML,
		badAssetsYAML,
		"- id: R-01\n  owner: IT\n- id: R-02\n",
		"entries:\n  - id: 1\n  - just text\n",
		"defaults: &d {owner: IT}\nentries:\n  - <<: *d\n    id: 1\n  - *nope\n",
		"- a: 1\n---\n- a: 2\n",
		"a: [{x: 1}]\nb: [{y: 1}]\n",
		"entries: oops\n",
		"- {Owner: a, owner: b}\n",
		"x: !!int 99999999999999999999\ny: !!float 1\nz: !!binary aGk=\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkParse(t, src, ParseYAMLRegister, registerProblems)
	})
}

func FuzzParseCSVRegister(f *testing.F) {
	for _, s := range []string{
		soaCSV,
		"\ufeffid,name\r\n1,a\r\n",
		"id,owner\n1,a\n2,b,extra\n3\n",
		"id,name\n1,\"a\n2,b\n",
		"id,name\n2,b\"c\n",
		"Owner,owner\n",
		" , ,\n",
		"system,password\ndb,x\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkParse(t, src, ParseCSVRegister, registerProblems)
	})
}
