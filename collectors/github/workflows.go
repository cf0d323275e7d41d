package github

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
	"gopkg.in/yaml.v3"
)

const workflowsDir = ".github/workflows"

// workflows reads every workflow file and keeps what the rules judge: the top-level
// permissions and every `uses:` reference with its line. A file that is not valid YAML is
// left out with an error naming it and the line; the other workflows are kept.
func (r *repo) workflows(ctx context.Context) {
	entries, err := r.listDir(ctx, workflowsDir)
	if err != nil {
		r.f.unreadable("workflows", PermContents, epContents, err)
		return
	}
	var paths []string
	for _, e := range entries {
		name := strings.ToLower(e.Name)
		if e.Type == "file" && (strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
			paths = append(paths, e.Path)
		}
	}
	sort.Strings(paths)
	out := make([]any, 0, len(paths))
	for _, p := range paths {
		src, err := r.readFile(ctx, p)
		if err != nil {
			// One unreadable file makes the list unreliable: a missing workflow could be the
			// one with write-all permissions.
			r.f.unreadable("workflows", PermContents, epContents, err)
			return
		}
		perms, uses, perr := parseWorkflow(src)
		if perr != nil {
			r.f.errs = append(r.f.errs, evidence.Error{
				Message: fmt.Sprintf("workflow %s is not valid YAML: %s", p, perr.msg),
				File:    p, Line: perr.line, Needs: PermContents,
			})
			continue
		}
		list := make([]any, 0, len(uses))
		for _, u := range uses {
			list = append(list, map[string]any{"action": u.action, "ref": u.ref, "pinned": u.pinned, "line": u.line})
		}
		out = append(out, map[string]any{"path": p, "permissions": perms, "uses": list})
	}
	r.f.set("workflows", out)
}

// actionUse is one `uses:` reference.
type actionUse struct {
	action, ref string
	pinned      bool
	line        int
}

type workflowError struct {
	line int
	msg  string
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseWorkflow returns the top-level `permissions` (raw, nil when absent) and every `uses:`
// of jobs and steps, in file order.
func parseWorkflow(src []byte) (any, []actionUse, *workflowError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		return nil, nil, &workflowError{line: line, msg: msg}
	}
	if len(doc.Content) == 0 {
		return nil, []actionUse{}, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil, &workflowError{line: top.Line, msg: fmt.Sprintf("line %d: a workflow must be a mapping", top.Line)}
	}
	var perms any
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "permissions" {
			var v any
			if err := top.Content[i+1].Decode(&v); err != nil {
				return nil, nil, &workflowError{line: top.Content[i+1].Line, msg: err.Error()}
			}
			perms = plainJSON(v)
		}
	}
	uses := []actionUse{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "uses" && v.Kind == yaml.ScalarNode {
					u := parseUses(v.Value)
					u.line = v.Line
					uses = append(uses, u)
					continue
				}
				walk(v)
			}
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(top)
	sort.SliceStable(uses, func(i, j int) bool { return uses[i].line < uses[j].line })
	return perms, uses, nil
}

var fullSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// parseUses splits a `uses:` value. Pinned means immutable: a full commit SHA for actions
// and reusable workflows, a sha256 digest for docker:// images, and always for local
// actions (./...), which run from the same commit as the workflow.
func parseUses(s string) actionUse {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../"):
		return actionUse{action: s, pinned: true}
	case strings.HasPrefix(s, "docker://"):
		image := strings.TrimPrefix(s, "docker://")
		if name, digest, ok := strings.Cut(image, "@"); ok {
			return actionUse{action: "docker://" + name, ref: digest, pinned: strings.HasPrefix(digest, "sha256:")}
		}
		slash := strings.LastIndex(image, "/")
		if colon := strings.LastIndex(image, ":"); colon > slash {
			return actionUse{action: "docker://" + image[:colon], ref: image[colon+1:]}
		}
		return actionUse{action: s}
	}
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return actionUse{action: s}
	}
	ref := s[at+1:]
	return actionUse{action: s[:at], ref: ref, pinned: fullSHA.MatchString(ref)}
}

// plainJSON makes a decoded YAML value JSON-encodable (YAML allows non-string keys).
func plainJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = plainJSON(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[fmt.Sprint(k)] = plainJSON(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = plainJSON(x)
		}
		return out
	}
	return v
}
