// Package soa reads the Statement of Applicability from ISMS evidence: which Annex A
// controls are applicable, and why. Grading gates findings with it; rules read it as
// data.ismscheck.soa.
package soa

import (
	"fmt"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/catalog"
)

// Applicability of an Annex A control as the Statement of Applicability records it.
type Applicability struct {
	Applicable    bool
	Justification string
	// Declared is the implementation status the SoA claims, as written ("implemented").
	Declared string
}

// SoA is the applicability of each control id, read from the ISMS evidence. Known is false
// when there is no readable SoA: then no Annex A finding is downgraded.
type SoA struct {
	Known    bool
	Source   string
	Controls map[string]Applicability
	Warnings []string
}

// Read finds the SoA register among the documents and reads its applicability column.
// Ids written in the 2013 numbering are translated, with a warning.
func Read(docs []evidence.Document, cat *catalog.Catalog) SoA {
	if cat == nil {
		cat = catalog.Load()
	}
	s := SoA{Controls: map[string]Applicability{}}
	for _, d := range docs {
		if d.Kind != "isms.register" || d.Data["register"] != "soa" {
			continue
		}
		if s.Source != "" {
			s.Warnings = append(s.Warnings, fmt.Sprintf("more than one SoA register: using %s, ignoring %s", s.Source, d.ID))
			continue
		}
		s.Source = d.ID
		if !d.Complete {
			s.Warnings = append(s.Warnings, fmt.Sprintf("the SoA %s could not be read completely, so Annex A findings are not gated by applicability", d.ID))
			return SoA{Controls: map[string]Applicability{}, Warnings: s.Warnings, Source: d.ID}
		}
		rows, _ := d.Data["rows"].([]any)
		for _, r := range rows {
			row, _ := r.(map[string]any)
			id := firstString(row, "control", "id", "control_id")
			applicable, ok := yesNo(row["applicable"])
			if id == "" || !ok {
				continue
			}
			ids, warning, err := cat.Resolve(id)
			if err != nil {
				s.Warnings = append(s.Warnings, fmt.Sprintf("%s: %v", d.ID, err))
				continue
			}
			if warning != "" {
				s.Warnings = append(s.Warnings, fmt.Sprintf("%s: %s", d.ID, warning))
			}
			for _, cid := range ids {
				s.Controls[cid] = Applicability{Applicable: applicable, Justification: firstString(row, "justification", "reason"),
					Declared: firstString(row, "implementation_status", "implementation", "status")}
			}
		}
		s.Known = true
	}
	return s
}

// Excluded tells whether the SoA explicitly excludes the control.
func (s SoA) Excluded(id string) bool {
	a, ok := s.Controls[id]
	return s.Known && ok && !a.Applicable
}

func firstString(row map[string]any, keys ...string) string {
	for _, k := range keys {
		if v, ok := row[k]; ok && v != nil {
			if s := strings.TrimSpace(fmt.Sprint(v)); s != "" {
				return s
			}
		}
	}
	return ""
}

// yesNo reads the applicability vocabularies seen in real SoAs.
func yesNo(v any) (applicable, ok bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "yes", "y", "true", "applicable", "included", "in scope":
			return true, true
		case "no", "n", "false", "excluded", "not applicable", "out of scope":
			return false, true
		}
	}
	return false, false
}

// AsData is the SoA as rules see it under data.ismscheck.soa:
// {"known": bool, "source": path, "controls": {"A.5.1": {"applicable": true, "justification": "..."}}}.
func (s SoA) AsData() map[string]any {
	controls := map[string]any{}
	for id, a := range s.Controls {
		controls[id] = map[string]any{"applicable": a.Applicable, "justification": a.Justification}
	}
	return map[string]any{"known": s.Known, "source": s.Source, "controls": controls}
}
