package isms

import "regexp"

// Redacted replaces the value of any key that names a secret.
const Redacted = "[redacted]"

// secretKey matches keys and column names whose values must never enter evidence:
// evidence bundles are shared with auditors, and a register row is no place for a password.
var secretKey = regexp.MustCompile(`(?i)(password|passwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)`)

func isSecretKey(key string) bool { return secretKey.MatchString(key) }

// redact replaces, in place and at any depth, the value of every secret-named key.
func redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if isSecretKey(k) {
				t[k] = Redacted
				continue
			}
			t[k] = redact(val)
		}
	case []any:
		for i := range t {
			t[i] = redact(t[i])
		}
	}
	return v
}
