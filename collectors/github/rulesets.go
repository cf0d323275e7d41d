package github

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Rulesets and branch rules are read into these structs rather than a generated client's:
// GitHub adds rule types and parameter shapes often, and one unknown rule must never turn
// a whole repository into a collection error. Rules and conditions stay raw JSON.
type rulesetJSON struct {
	ID           int64           `json:"id"`
	Name         string          `json:"name"`
	Target       *string         `json:"target"`
	Enforcement  string          `json:"enforcement"`
	SourceType   string          `json:"source_type"`
	Source       string          `json:"source"`
	Conditions   json.RawMessage `json:"conditions"`
	BypassActors *[]bypassActor  `json:"bypass_actors"`
	Rules        []ruleJSON      `json:"rules"`
}

type bypassActor struct {
	ActorID    *int64 `json:"actor_id"`
	ActorType  string `json:"actor_type"`
	BypassMode string `json:"bypass_mode"`
}

type ruleJSON struct {
	Type       string          `json:"type"`
	Parameters json.RawMessage `json:"parameters"`
}

type branchRuleJSON struct {
	ruleJSON
	RulesetID         int64  `json:"ruleset_id"`
	RulesetSourceType string `json:"ruleset_source_type"`
	RulesetSource     string `json:"ruleset_source"`
}

type rulesetRef struct {
	ID int64 `json:"id"`
}

// rawValue turns raw JSON into a plain value; absent or null stays nil.
func rawValue(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var v any
	err := json.Unmarshal(raw, &v)
	return v, err
}

// normalizeRuleset gives the contract's ruleset shape. missingBypass reports that GitHub
// left bypass_actors out (it shows them only to who can edit the ruleset).
func normalizeRuleset(r rulesetJSON) (out map[string]any, missingBypass bool, err error) {
	conditions, err := rawValue(r.Conditions)
	if err != nil {
		return nil, false, fmt.Errorf("ruleset %d conditions: %w", r.ID, err)
	}
	rules := make([]any, 0, len(r.Rules))
	for _, rule := range r.Rules {
		params, err := rawValue(rule.Parameters)
		if err != nil {
			return nil, false, fmt.Errorf("ruleset %d rule %s: %w", r.ID, rule.Type, err)
		}
		rules = append(rules, map[string]any{"type": rule.Type, "parameters": params})
	}
	var bypass any
	if r.BypassActors == nil {
		missingBypass = true
	} else {
		actors := append([]bypassActor(nil), (*r.BypassActors)...)
		sort.Slice(actors, func(i, j int) bool {
			a, b := actors[i], actors[j]
			if a.ActorType != b.ActorType {
				return a.ActorType < b.ActorType
			}
			return idOrZero(a.ActorID) < idOrZero(b.ActorID)
		})
		list := make([]any, len(actors))
		for i, a := range actors {
			var id any
			if a.ActorID != nil {
				id = *a.ActorID
			}
			list[i] = map[string]any{"actor_id": id, "actor_type": a.ActorType, "bypass_mode": a.BypassMode}
		}
		bypass = list
	}
	var target any
	if r.Target != nil {
		target = *r.Target
	}
	return map[string]any{
		"id": r.ID, "name": r.Name, "target": target, "enforcement": r.Enforcement,
		"source_type": r.SourceType, "source": r.Source, "conditions": conditions,
		"bypass_actors": bypass, "rules": rules,
	}, missingBypass, nil
}

func idOrZero(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// getRuleset reads one ruleset detail and normalizes it.
func (col *collector) getRuleset(ctx context.Context, endpoint, path string) (map[string]any, bool, error) {
	var r rulesetJSON
	if err := col.c.getJSON(ctx, endpoint, path, nil, &r); err != nil {
		return nil, false, err
	}
	return normalizeRuleset(r)
}

// bypassNote is the error recorded when GitHub hid a ruleset's bypass actors.
func bypassNote(ids []int64) error {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += strconv.FormatInt(id, 10)
	}
	return fmt.Errorf("GitHub did not return bypass_actors for ruleset(s) %s: they are shown only to who can edit the ruleset", s)
}
