package isms

import (
	"path"
	"sort"
	"strings"
	"unicode"
)

// Register is a parsed YAML or CSV register: a table of rows, and for YAML the header
// fields around it.
type Register struct {
	Type     string           `json:"type"` // from a YAML `register:` header field; "" otherwise
	Meta     map[string]any   `json:"meta"`
	Columns  []string         `json:"columns"` // lower_snake, in order of first appearance
	Rows     []map[string]any `json:"rows"`
	RowLines []int            `json:"row_lines"` // 1-based line of each row
	Problems []*SyntaxError   `json:"problems"`  // rows left out, each with its line
}

func newRegister() Register {
	return Register{Meta: map[string]any{}, Columns: []string{}, Rows: []map[string]any{}, RowLines: []int{}, Problems: []*SyntaxError{}}
}

// registerAliases maps the file names people give registers to the register type.
var registerAliases = func() map[string]string {
	types := map[string][]string{
		"context":             {"context", "issues", "context_register", "internal_external_issues"},
		"interested_parties":  {"interested_parties", "stakeholders"},
		"risk_register":       {"risk_register", "risks", "risk_assessment"},
		"risk_treatment_plan": {"risk_treatment_plan", "rtp", "risk_treatment"},
		"soa":                 {"soa", "statement_of_applicability"},
		"objectives":          {"objectives", "security_objectives"},
		"competence":          {"competence", "training", "training_records", "competence_records"},
		"assets":              {"assets", "asset_inventory", "asset_register"},
		"suppliers":           {"suppliers", "supplier_register", "vendors"},
		"legal":               {"legal", "legal_register", "obligations"},
		"incidents":           {"incidents", "incident_log", "incident_register"},
		"corrective_actions":  {"corrective_actions", "nonconformities", "capa"},
		"improvements":        {"improvements", "improvement_register"},
		"monitoring":          {"monitoring", "metrics", "measurements", "kpis"},
		"audit_programme":     {"audit_programme", "audit_program"},
		"documents":           {"documents", "document_register"},
		"attestations":        {"attestations"},
		"acknowledgements":    {"acknowledgements", "acknowledgments", "policy_acknowledgements", "policy_acknowledgments"},
		"awareness":           {"awareness", "awareness_records", "awareness_programme", "awareness_program"},
		"isms_changes":        {"isms_changes", "changes", "change_log", "isms_change_log"},
		"communication_plan":  {"communication_plan", "communications", "communication"},
		"roles":               {"roles", "raci", "roles_and_responsibilities"},
		"continuity":          {"continuity", "business_continuity", "bc_tests", "continuity_tests"},
		"external_processes":  {"external_processes", "outsourced_processes"},
	}
	out := map[string]string{}
	for typ, names := range types {
		for _, n := range names {
			out[n] = typ
		}
	}
	return out
}()

// normalizeName lowercases and turns spaces and dashes into "_", so "Risk-Register" and
// "risk register" name the same thing.
func normalizeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
}

// typeFromFileName is the register type the file name implies, or "".
func typeFromFileName(rel string) string {
	base := path.Base(rel)
	return registerAliases[normalizeName(strings.TrimSuffix(base, path.Ext(base)))]
}

// typeFromHeader normalizes a `register:` header value, mapping known aliases
// ("risks") to their type and keeping any other name as written, normalized.
func typeFromHeader(v string) string {
	n := normalizeName(v)
	if t, ok := registerAliases[n]; ok {
		return t
	}
	return n
}

// registerType decides a register file's type: configured globs first (types in sorted
// order, so a file two globs match always gets the same type), then the file's own
// `register:` header, then its name.
func registerType(rel string, globs map[string][]string, header string) string {
	types := make([]string, 0, len(globs))
	for t := range globs {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		if matchAny(globs[t], rel) {
			return t
		}
	}
	if header != "" {
		return header
	}
	return typeFromFileName(rel)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
