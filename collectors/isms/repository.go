package isms

import (
	"path/filepath"
	"sort"

	"github.com/ismscheck/ismscheck/evidence"
)

// repository makes the isms.repository document: the inventory rules use to ask "is
// there a policy?", "is there a risk register?". Files of no known type are counted in
// "files" but listed under no type.
func (c *collection) repository(docs []evidence.Document, walkErrs []evidence.Error) (evidence.Document, error) {
	docsByType := map[string][]string{}
	regsByType := map[string][]string{}
	unreadable := []string{}
	for _, d := range docs {
		if !d.Complete {
			unreadable = append(unreadable, d.ID)
		}
		switch d.Kind {
		case KindDocument:
			if t, _ := d.Data["type"].(string); t != "" {
				docsByType[t] = append(docsByType[t], d.ID)
			}
		case KindRegister:
			if t, _ := d.Data["register"].(string); t != "" {
				regsByType[t] = append(regsByType[t], d.ID)
			}
		}
	}
	for _, m := range []map[string][]string{docsByType, regsByType} {
		for _, paths := range m {
			sort.Strings(paths)
		}
	}
	sort.Strings(unreadable)

	rd := c.newDocument(KindRepository, c.name(), c.root)
	rd.Data = map[string]any{
		"root":              ".",
		"name":              rd.ID,
		"files":             len(docs),
		"documents_by_type": docsByType,
		"registers_by_type": regsByType,
		"unreadable":        unreadable,
	}
	// A directory that could not be read may hide documents: the inventory is then partial.
	rd.Errors = append(rd.Errors, walkErrs...)
	rd.Complete = len(walkErrs) == 0
	return rd, rd.Seal()
}

func (c *collection) name() string {
	if c.opts.Name != "" {
		return c.opts.Name
	}
	if abs, err := filepath.Abs(c.root); err == nil {
		return filepath.Base(abs)
	}
	return filepath.Base(c.root)
}
