// Package attestation reads manual evidence: signed statements in the ISMS repo that a
// person checked a control no collector can see (physical security, HR screening), when,
// and until when the statement holds. A control evidenced only this way is "attested"; an
// expired or incomplete attestation evidences nothing (rule ATT-01 reports it).
//
// An attestation is a Markdown document with `type: attestation` in its front matter, or a
// row of an `attestations` register, with the fields:
//
//	controls: [A.7.1, A.7.2]      # or `control`
//	checked: what was examined and how
//	attested_by: who checked
//	attested_on: 2026-06-01
//	valid_until: 2027-05-31
package attestation

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
)

// Attestation is one statement, valid or not as of the run.
type Attestation struct {
	Source     string   `json:"source"` // file, with ":row" for a register row
	Controls   []string `json:"controls"`
	By         string   `json:"attested_by"`
	On         string   `json:"attested_on"`
	ValidUntil string   `json:"valid_until"`
	Valid      bool     `json:"valid"`
	Problem    string   `json:"problem,omitempty"` // why it is not valid
}

// Set holds every attestation found, and the valid ones by control.
type Set struct {
	All      []Attestation
	Warnings []string
	valid    map[string]*Attestation
}

// Read finds attestations among the documents and judges each as of asOf.
func Read(docs []evidence.Document, asOf time.Time) Set {
	cat := catalog.Load()
	s := Set{valid: map[string]*Attestation{}}
	for _, d := range docs {
		switch {
		case d.Kind == "isms.document" && d.Data["type"] == "attestation":
			meta, _ := d.Data["meta"].(map[string]any)
			s.add(d.ID, meta, d.Complete, asOf, cat)
		case d.Kind == "isms.register" && d.Data["register"] == "attestations":
			rows, _ := d.Data["rows"].([]any)
			lines, _ := d.Data["row_lines"].([]any)
			for i, r := range rows {
				row, _ := r.(map[string]any)
				src := fmt.Sprintf("%s row %d", d.ID, i+1)
				if i < len(lines) {
					src = fmt.Sprintf("%s:%v", d.ID, lines[i])
				}
				s.add(src, row, d.Complete, asOf, cat)
			}
		}
	}
	sort.Slice(s.All, func(i, j int) bool { return s.All[i].Source < s.All[j].Source })
	for i := range s.All {
		a := &s.All[i]
		if !a.Valid {
			continue
		}
		for _, c := range a.Controls {
			// Keep the one that holds longest, so the report names the best evidence.
			if prev := s.valid[c]; prev == nil || a.ValidUntil > prev.ValidUntil {
				s.valid[c] = a
			}
		}
	}
	return s
}

func (s *Set) add(source string, m map[string]any, complete bool, asOf time.Time, cat *catalog.Catalog) {
	a := Attestation{Source: source, By: text(m, "attested_by"), On: text(m, "attested_on"), ValidUntil: text(m, "valid_until")}
	for _, id := range list(m, "controls", "control") {
		ids, warning, err := cat.Resolve(id)
		if err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s: %v", source, err))
			continue
		}
		if warning != "" {
			s.Warnings = append(s.Warnings, source+": "+warning)
		}
		a.Controls = append(a.Controls, ids...)
	}
	a.Problem = problem(a, text(m, "checked"), complete, asOf)
	a.Valid = a.Problem == ""
	s.All = append(s.All, a)
}

func problem(a Attestation, checked string, complete bool, asOf time.Time) string {
	var missing []string
	for _, f := range []struct{ name, v string }{{"controls", strings.Join(a.Controls, "")}, {"checked", checked}, {"attested_by", a.By}, {"attested_on", a.On}, {"valid_until", a.ValidUntil}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	on, errOn := time.Parse("2006-01-02", a.On)
	until, errUntil := time.Parse("2006-01-02", a.ValidUntil)
	day := asOf.UTC().Truncate(24 * time.Hour)
	switch {
	case !complete:
		return "the file could not be read completely"
	case len(missing) > 0:
		return "missing " + strings.Join(missing, ", ")
	case errOn != nil || errUntil != nil:
		return "attested_on and valid_until must be dates (YYYY-MM-DD)"
	case on.After(day):
		return "attested_on " + a.On + " is after the audit date"
	case until.Before(day):
		return "expired on " + a.ValidUntil
	}
	return ""
}

// For returns the valid attestation that covers a control, if any.
func (s Set) For(control string) (Attestation, bool) {
	if a := s.valid[control]; a != nil {
		return *a, true
	}
	return Attestation{}, false
}

func text(m map[string]any, key string) string {
	if v, ok := m[key]; ok && v != nil {
		return strings.TrimSpace(fmt.Sprint(v))
	}
	return ""
}

// list reads a list field, or a string separated by commas or semicolons.
func list(m map[string]any, keys ...string) []string {
	for _, k := range keys {
		switch v := m[k].(type) {
		case []any:
			var out []string
			for _, x := range v {
				if s := strings.TrimSpace(fmt.Sprint(x)); s != "" {
					out = append(out, s)
				}
			}
			return out
		case string:
			var out []string
			for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return nil
}
