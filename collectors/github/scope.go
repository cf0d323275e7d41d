package github

import (
	"path"
	"strings"
)

// matchesAny tells whether a repository matches one of the patterns. A pattern with a "/"
// is matched against owner/name, any other against the name alone; case is ignored, as
// GitHub ignores it in names. A malformed pattern matches nothing.
func matchesAny(patterns []string, owner, name string) bool {
	full := strings.ToLower(owner + "/" + name)
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		subject := strings.ToLower(name)
		if strings.Contains(p, "/") {
			subject = full
		}
		if ok, err := path.Match(p, subject); err == nil && ok {
			return true
		}
	}
	return false
}

// inScope applies include and exclude patterns: no include pattern means everything is
// included, and exclude wins.
func (o Options) inScope(owner, name string) bool {
	if len(o.Include) > 0 && !matchesAny(o.Include, owner, name) {
		return false
	}
	return !matchesAny(o.Exclude, owner, name)
}
