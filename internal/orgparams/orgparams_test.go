package orgparams

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ismscheck/ismscheck/evidence"
)

func policy(id string, params map[string]any, complete bool) evidence.Document {
	d := evidence.Document{Kind: "isms.document", ID: id, Complete: complete, Data: map[string]any{"meta": map[string]any{"parameters": params}}}
	_ = d.Seal()
	return d
}

func TestRead(t *testing.T) {
	docs := []evidence.Document{
		policy("policies/b.md", map[string]any{"max_access_key_age_days": 60, "mfa_required": true}, true),
		policy("policies/a.md", map[string]any{"max_access_key_age_days": 90, "dormant_account_days": 45}, true),
		policy("policies/broken.md", map[string]any{"review_interval_days": 1}, false),
		{Kind: "isms.register", ID: "registers/x.yaml", Complete: true, Data: map[string]any{"meta": map[string]any{"parameters": map[string]any{"x": 1}}}},
	}
	p, warnings := Read(docs)
	assert.Equal(t, Param{Value: jsonNumber("90"), Source: "policies/a.md"}, p["max_access_key_age_days"], "the first document by path wins")
	assert.Equal(t, true, p["mfa_required"].Value)
	assert.NotContains(t, p, "review_interval_days", "an unreadable document states nothing")
	assert.NotContains(t, p, "x", "only documents state policy parameters")
	assert.Equal(t, []string{"parameter max_access_key_age_days is 90 in policies/a.md and 60 in policies/b.md; using policies/a.md"}, warnings)
	assert.Equal(t, map[string]any{"value": true, "source": "policies/b.md"}, p.AsData()["mfa_required"])
	assert.Equal(t, true, p.Values()["mfa_required"])
}

func jsonNumber(s string) json.Number { return json.Number(s) }
