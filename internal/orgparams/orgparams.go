// Package orgparams reads the organisation's own parameters from its ISMS documents: the
// numbers and switches a policy states (review interval, maximum key age, MFA required,
// dormant-account days), so rules grade against the organisation's rules, not the tool's.
//
// A controlled document states them in its front matter:
//
//	parameters:
//	  max_access_key_age_days: 90
//	  mfa_required: true
package orgparams

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/ismscheck/ismscheck/evidence"
)

// Param is one parameter and the document that states it.
type Param struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
}

// Params are the organisation's parameters by name.
type Params map[string]Param

// Read collects `parameters` from every controlled ISMS document, in id order. When two
// documents state different values, the first (by path) wins and a warning names both.
func Read(docs []evidence.Document) (Params, []string) {
	sorted := make([]evidence.Document, 0, len(docs))
	for _, d := range docs {
		if d.Kind == "isms.document" && d.Complete {
			sorted = append(sorted, d)
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	out := Params{}
	var warnings []string
	for _, d := range sorted {
		meta, _ := d.Data["meta"].(map[string]any)
		params, _ := meta["parameters"].(map[string]any)
		names := make([]string, 0, len(params))
		for k := range params {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, name := range names {
			v := params[name]
			if prev, ok := out[name]; ok {
				if !reflect.DeepEqual(prev.Value, v) {
					warnings = append(warnings, fmt.Sprintf("parameter %s is %v in %s and %v in %s; using %s", name, prev.Value, prev.Source, v, d.ID, prev.Source))
				}
				continue
			}
			out[name] = Param{Value: v, Source: d.ID}
		}
	}
	return out, warnings
}

// Values are the parameter values alone, as rules receive them in input.params.
func (p Params) Values() map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = v.Value
	}
	return out
}

// AsData is what rules see under data.ismscheck.policy: {name: {value, source}}.
func (p Params) AsData() map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = map[string]any{"value": v.Value, "source": v.Source}
	}
	return out
}
