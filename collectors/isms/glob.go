package isms

import (
	"path"
	"strings"
)

// matchGlob reports whether the slash-separated relative path name matches pattern.
// Each segment matches as path.Match does; a "**" segment matches zero or more whole
// segments, so "drafts/**" matches the directory "drafts" and everything under it.
func matchGlob(pattern, name string) bool {
	return matchSegments(splitGlob(pattern), strings.Split(name, "/"))
}

// validGlob reports whether every segment of pattern is a well-formed path.Match pattern.
func validGlob(pattern string) bool {
	for _, seg := range splitGlob(pattern) {
		if _, err := path.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}

func splitGlob(pattern string) []string {
	p := strings.TrimPrefix(strings.ReplaceAll(pattern, "\\", "/"), "./")
	return strings.Split(strings.Trim(p, "/"), "/")
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Collapse runs of "**" so the search below stays linear per segment.
			for len(pat) > 1 && pat[1] == "**" {
				pat = pat[1:]
			}
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if matchGlob(p, name) {
			return true
		}
	}
	return false
}
