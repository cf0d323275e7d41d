package grading

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ismscheck/ismscheck/evidence"
	"github.com/ismscheck/ismscheck/internal/results"
)

// owners answers "who owns fixing this?" from the ISMS itself, most specific first: the
// asset register's owner of the failing resource, the owner of the failing document, the
// owner of the ISMS document that covers the finding's controls (its `controls` front
// matter), and last the ISMS owner.
type owners struct {
	assets    map[string]ownerSource // lower-case resource id -> owner
	documents map[string]ownerSource // document id -> its own owner
	covering  []coveringDocument     // documents with an owner and a controls list, by path
	isms      ownerSource
}

type ownerSource struct{ owner, basis string }

type coveringDocument struct {
	path, owner string
	controls    map[string]bool
}

// assetColumns may hold the identifier a collector gives a resource (a repository URL, an
// account id, an ARN) in the asset register.
var assetColumns = []string{"resource", "resource_id", "identifier", "arn", "url", "repository", "account", "id", "asset", "name"}

func readOwners(docs []evidence.Document) owners {
	o := owners{assets: map[string]ownerSource{}, documents: map[string]ownerSource{}}
	sorted := append([]evidence.Document(nil), docs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	var policyOwner ownerSource
	for _, d := range sorted {
		switch {
		case d.Kind == "isms.register" && d.Data["register"] == "assets":
			rows, lines := registerRows(d)
			for i, row := range rows {
				owner := cell(row, "owner", "asset_owner")
				if owner == "" {
					continue
				}
				where := d.ID
				if i < len(lines) {
					where = fmt.Sprintf("%s:%d", d.ID, lines[i])
				}
				for _, c := range assetColumns {
					if v := cell(row, c); v != "" {
						if _, dup := o.assets[strings.ToLower(v)]; !dup {
							o.assets[strings.ToLower(v)] = ownerSource{owner, "asset owner in " + where}
						}
					}
				}
			}
		case d.Kind == "isms.document":
			meta, _ := d.Data["meta"].(map[string]any)
			owner := cell(meta, "owner")
			if o.isms.owner == "" {
				if v := cell(meta, "isms_owner"); v != "" {
					o.isms = ownerSource{v, "ISMS owner named in " + d.ID}
				}
			}
			if owner == "" {
				continue
			}
			o.documents[d.ID] = ownerSource{owner, "owner of " + d.ID}
			if d.Data["type"] == "information_security_policy" && policyOwner.owner == "" {
				policyOwner = ownerSource{owner, "owner of the information security policy " + d.ID}
			}
			controls := map[string]bool{}
			for _, c := range stringList(meta["controls"]) {
				controls[strings.TrimSpace(c)] = true
			}
			if len(controls) > 0 {
				o.covering = append(o.covering, coveringDocument{path: d.ID, owner: owner, controls: controls})
			}
		}
	}
	if o.isms.owner == "" {
		o.isms = policyOwner
	}
	return o
}

// of is the owner for a group of findings of one rule on the given controls, and where it
// was found; "unassigned" when the ISMS names nobody.
func (o owners) of(fs []results.Finding, controls []string) (string, string) {
	if s, ok := o.same(fs, func(f results.Finding) (ownerSource, bool) {
		s, ok := o.assets[strings.ToLower(f.Resource.ID)]
		return s, ok
	}); ok {
		return s.owner, s.basis
	}
	if s, ok := o.same(fs, func(f results.Finding) (ownerSource, bool) {
		if f.Resource.Kind != "isms.document" {
			return ownerSource{}, false
		}
		s, ok := o.documents[f.Resource.ID]
		return s, ok
	}); ok {
		return s.owner, s.basis
	}
	// The document covering most of the finding's controls; ties go to the first by path.
	best, bestCount := coveringDocument{}, 0
	for _, d := range o.covering {
		n := 0
		for _, c := range controls {
			if d.controls[c] {
				n++
			}
		}
		if n > bestCount {
			best, bestCount = d, n
		}
	}
	if bestCount > 0 {
		return best.owner, fmt.Sprintf("owner of %s, which covers %s", best.path, strings.Join(coveredBy(best, controls), ", "))
	}
	if o.isms.owner != "" {
		return o.isms.owner, o.isms.basis
	}
	return "unassigned", "the ISMS names no owner for the resource, its controls or the ISMS"
}

// same is the owner lookup gives every finding, when it gives all of them the same one.
func (o owners) same(fs []results.Finding, lookup func(results.Finding) (ownerSource, bool)) (ownerSource, bool) {
	var first ownerSource
	for i, f := range fs {
		s, ok := lookup(f)
		if !ok || (i > 0 && s.owner != first.owner) {
			return ownerSource{}, false
		}
		if i == 0 {
			first = s
		}
	}
	return first, len(fs) > 0
}

func coveredBy(d coveringDocument, controls []string) []string {
	var out []string
	for _, c := range controls {
		if d.controls[c] {
			out = append(out, c)
		}
	}
	return out
}
