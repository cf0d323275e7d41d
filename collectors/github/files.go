package github

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

type contentEntry struct {
	Type string `json:"type"`
	Name string `json:"name"`
	Path string `json:"path"`
}

type contentFile struct {
	Type     string `json:"type"`
	Path     string `json:"path"`
	Encoding string `json:"encoding"`
	Content  string `json:"content"`
}

// Where GitHub looks for each file, in its own search order.
var (
	codeownersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}
	securityDirs    = []string{".github", "", "docs"}
	dependabotPaths = []string{".github/dependabot.yml", ".github/dependabot.yaml"}
	renovatePaths   = []string{"renovate.json", "renovate.json5", ".github/renovate.json", ".github/renovate.json5",
		".gitlab/renovate.json", ".gitlab/renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"}
)

// contentsPath is the contents endpoint for a path in the repository ("" is the root).
func (r *repo) contentsPath(p string) string {
	if p == "" {
		return r.path + "/contents/"
	}
	segs := strings.Split(p, "/")
	return r.path + "/contents/" + escapePath(segs...)
}

func (r *repo) listDir(ctx context.Context, dir string) ([]contentEntry, error) {
	var entries []contentEntry
	err := r.col.c.getJSON(ctx, epContents, r.contentsPath(dir), nil, &entries)
	return entries, err
}

// files finds the governance files by listing only the directories they can live in (the
// root, then .github, docs and .github/workflows when the listings show them): three or
// four calls instead of one per candidate path.
func (r *repo) files(ctx context.Context) {
	fail := func(err error) {
		r.f.unreadable("files", PermContents, epContents, err)
		r.f.set("codeowners_errors", nil)
		r.f.set("workflows", nil)
	}
	root, err := r.listDir(ctx, "")
	if err != nil {
		if statusOf(err) == http.StatusNotFound && strings.Contains(strings.ToLower(err.Error()), "empty") {
			// An empty repository has no files, which is a fact, not a gap.
			r.f.set("files", map[string]any{"codeowners": nil, "security_policy": nil, "dependabot": nil, "renovate": nil})
			r.f.set("codeowners_errors", []any{})
			r.f.set("workflows", []any{})
			return
		}
		fail(err)
		return
	}
	present := map[string]string{} // lower-case path → path as in the repository
	isDir := map[string]bool{}
	add := func(entries []contentEntry) {
		for _, e := range entries {
			if e.Type == "dir" {
				isDir[e.Path] = true
			} else {
				present[strings.ToLower(e.Path)] = e.Path
			}
		}
	}
	add(root)
	for _, dir := range []string{".github", "docs", ".gitlab"} {
		if !isDir[dir] {
			continue
		}
		entries, err := r.listDir(ctx, dir)
		if err != nil {
			fail(err)
			return
		}
		add(entries)
	}
	first := func(paths []string, caseInsensitive bool) any {
		for _, p := range paths {
			if caseInsensitive {
				if got, ok := present[strings.ToLower(p)]; ok {
					return got
				}
				continue
			}
			if got, ok := present[strings.ToLower(p)]; ok && got == p {
				return got
			}
		}
		return nil
	}
	var security []string
	for _, dir := range securityDirs {
		for _, name := range []string{"SECURITY.md", "SECURITY.markdown", "SECURITY.rst", "SECURITY.txt"} {
			security = append(security, strings.TrimPrefix(dir+"/"+name, "/"))
		}
	}
	codeowners := first(codeownersPaths, false)
	r.f.set("files", map[string]any{
		"codeowners":      codeowners,
		"security_policy": first(security, true),
		"dependabot":      first(dependabotPaths, false),
		"renovate":        first(renovatePaths, false),
	})

	if codeowners == nil {
		r.f.set("codeowners_errors", []any{})
	} else {
		r.codeownersErrors(ctx)
	}
	if isDir[".github/workflows"] {
		r.workflows(ctx)
	} else {
		r.f.set("workflows", []any{})
	}
}

func (r *repo) codeownersErrors(ctx context.Context) {
	var v struct {
		Errors []struct {
			Line    int    `json:"line"`
			Kind    string `json:"kind"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := r.col.c.getJSON(ctx, epCodeownersErrors, r.path+"/codeowners/errors", nil, &v); err != nil {
		r.f.unreadable("codeowners_errors", PermContents, epCodeownersErrors, err)
		return
	}
	sort.SliceStable(v.Errors, func(i, j int) bool { return v.Errors[i].Line < v.Errors[j].Line })
	out := make([]any, 0, len(v.Errors))
	for _, e := range v.Errors {
		out = append(out, map[string]any{"line": e.Line, "kind": e.Kind, "message": e.Message})
	}
	r.f.set("codeowners_errors", out)
}

// readFile fetches one file's text through the contents API.
func (r *repo) readFile(ctx context.Context, p string) ([]byte, error) {
	var f contentFile
	if err := r.col.c.getJSON(ctx, epContents, r.contentsPath(p), nil, &f); err != nil {
		return nil, err
	}
	if f.Type != "file" {
		return nil, fmt.Errorf("%s is a %s, not a file", p, f.Type)
	}
	if f.Encoding != "base64" {
		return nil, fmt.Errorf("%s: unexpected encoding %q (files over 1 MB are not returned inline)", p, f.Encoding)
	}
	return base64.StdEncoding.DecodeString(strings.ReplaceAll(f.Content, "\n", ""))
}
