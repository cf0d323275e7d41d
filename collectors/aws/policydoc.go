package aws

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// policyDocument decodes an IAM policy document as IAM returns it (URL-encoded JSON) and
// normalizes it so rules need not handle both shapes the policy language allows:
// "Statement" is always a list, and so are Action, NotAction, Resource and NotResource.
func policyDocument(encoded string) (map[string]any, error) {
	raw, err := url.QueryUnescape(encoded)
	if err != nil {
		raw = encoded // some endpoints return it plain
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		return nil, fmt.Errorf("policy document is not JSON: %w", err)
	}
	return normalizePolicy(doc), nil
}

func normalizePolicy(doc map[string]any) map[string]any {
	if st, ok := doc["Statement"]; ok {
		list := asList(st)
		for i, s := range list {
			if m, ok := s.(map[string]any); ok {
				for _, k := range []string{"Action", "NotAction", "Resource", "NotResource"} {
					if v, ok := m[k]; ok {
						m[k] = asList(v)
					}
				}
				list[i] = m
			}
		}
		doc["Statement"] = list
	}
	return doc
}

func asList(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case nil:
		return []any{}
	}
	return []any{v}
}

// deniesInsecureTransport tells whether a bucket policy has a Deny statement conditioned
// on aws:SecureTransport being false: the usual way to require TLS.
func deniesInsecureTransport(doc map[string]any) bool {
	for _, s := range asList(doc["Statement"]) {
		st, ok := s.(map[string]any)
		if !ok || st["Effect"] != "Deny" {
			continue
		}
		cond, _ := st["Condition"].(map[string]any)
		for op, v := range cond {
			if op != "Bool" && op != "BoolIfExists" {
				continue
			}
			kv, _ := v.(map[string]any)
			for k, val := range kv {
				if !strings.EqualFold(k, "aws:SecureTransport") {
					continue
				}
				for _, x := range asList(val) {
					if x == "false" || x == false {
						return true
					}
				}
			}
		}
	}
	return false
}
