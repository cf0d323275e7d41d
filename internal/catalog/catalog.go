// Package catalog is the ISO/IEC 27001:2022 catalog embedded in the binary: clause ids and
// Annex A control ids with short titles, themes and ISO/IEC 27002 attribute tags (never the
// standard's text), and the 2013→2022 correspondence used to translate legacy ids.
package catalog

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed data/iso27001-2022.yaml
var catalogYAML []byte

//go:embed data/iso27001-2013-to-2022.yaml
var mappingYAML []byte

// Version names the catalog in results and manifests.
const Version = "iso27001-2022"

// Item is a clause or an Annex A control.
type Item struct {
	ID              string     `json:"id"`
	Title           string     `json:"title"`
	Kind            string     `json:"kind"` // "clause" or "annex_a"
	Parent          string     `json:"parent,omitempty"`
	HasRequirements bool       `json:"has_requirements"`
	DocumentedInfo  bool       `json:"documented_information,omitempty"`
	Theme           string     `json:"theme,omitempty"`
	NewIn2022       bool       `json:"new_in_2022,omitempty"`
	Attributes      Attributes `json:"attributes,omitempty"`
	Legacy          []string   `json:"iso27001_2013,omitempty"`
}

// Attributes are the ISO/IEC 27002:2022 attribute tags of a control.
type Attributes struct {
	ControlType             []string `json:"control_type,omitempty" yaml:"control_type"`
	SecurityProperties      []string `json:"security_properties,omitempty" yaml:"security_properties"`
	CybersecurityConcepts   []string `json:"cybersecurity_concepts,omitempty" yaml:"cybersecurity_concepts"`
	OperationalCapabilities []string `json:"operational_capabilities,omitempty" yaml:"operational_capabilities"`
	SecurityDomains         []string `json:"security_domains,omitempty" yaml:"security_domains"`
}

// Kinds of items.
const (
	KindClause = "clause"
	KindAnnexA = "annex_a"
)

// Catalog holds every clause and control, in the standard's order.
type Catalog struct {
	Items  []Item
	byID   map[string]int
	legacy map[string][]string // 2013 Annex A id -> 2022 ids
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load returns the embedded catalog. It panics only if the embedded data is broken, which
// the package tests rule out.
func Load() *Catalog {
	loadOnce.Do(func() { loaded, loadErr = parse(catalogYAML, mappingYAML) })
	if loadErr != nil {
		panic(loadErr)
	}
	return loaded
}

func parse(catalogSrc, mappingSrc []byte) (*Catalog, error) {
	var raw struct {
		Clauses []struct {
			ID                    string `yaml:"id"`
			Title                 string `yaml:"title"`
			Parent                string `yaml:"parent"`
			HasRequirements       bool   `yaml:"has_requirements"`
			DocumentedInformation *struct {
				Required bool `yaml:"required"`
			} `yaml:"documented_information"`
		} `yaml:"clauses"`
		Controls []struct {
			ID         string     `yaml:"id"`
			Title      string     `yaml:"title"`
			Theme      string     `yaml:"theme"`
			NewIn2022  bool       `yaml:"new_in_2022"`
			Attributes Attributes `yaml:"attributes"`
			Legacy     []string   `yaml:"iso27001_2013"`
		} `yaml:"controls"`
	}
	if err := yaml.Unmarshal(catalogSrc, &raw); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	var mapping struct {
		Controls []struct {
			ID     string   `yaml:"id_2013"`
			MapsTo []string `yaml:"maps_to"`
		} `yaml:"controls_2013_to_2022"`
	}
	if err := yaml.Unmarshal(mappingSrc, &mapping); err != nil {
		return nil, fmt.Errorf("catalog 2013 mapping: %w", err)
	}
	c := &Catalog{byID: map[string]int{}, legacy: map[string][]string{}}
	for _, cl := range raw.Clauses {
		c.add(Item{ID: cl.ID, Title: cl.Title, Kind: KindClause, Parent: cl.Parent, HasRequirements: cl.HasRequirements,
			DocumentedInfo: cl.DocumentedInformation != nil && cl.DocumentedInformation.Required})
	}
	for _, ct := range raw.Controls {
		c.add(Item{ID: ct.ID, Title: ct.Title, Kind: KindAnnexA, HasRequirements: true, Theme: ct.Theme,
			NewIn2022: ct.NewIn2022, Attributes: ct.Attributes, Legacy: ct.Legacy})
	}
	for _, m := range mapping.Controls {
		c.legacy[m.ID] = m.MapsTo
	}
	return c, nil
}

func (c *Catalog) add(it Item) {
	c.byID[it.ID] = len(c.Items)
	c.Items = append(c.Items, it)
}

// Get returns the item with this 2022 id.
func (c *Catalog) Get(id string) (Item, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Item{}, false
	}
	return c.Items[i], true
}

// Requirements returns every clause that carries requirements and every Annex A control:
// the items that get a status in every run.
func (c *Catalog) Requirements() []Item {
	var out []Item
	for _, it := range c.Items {
		if it.HasRequirements {
			out = append(out, it)
		}
	}
	return out
}

// AnnexA returns the 93 Annex A control ids in order.
func (c *Catalog) AnnexA() []string {
	var out []string
	for _, it := range c.Items {
		if it.Kind == KindAnnexA {
			out = append(out, it.ID)
		}
	}
	return out
}

var (
	annexPattern  = regexp.MustCompile(`^A\.(\d+)\.(\d+)(?:\.(\d+))?$`)
	clausePattern = regexp.MustCompile(`^\d+(?:\.\d+){0,2}$`)
)

// Resolve turns an id as a person wrote it into catalog ids. It accepts "A.5.1", "a.5.1",
// "5.1" style Annex ids only with the "A." prefix, clause ids such as "9.2.2", and 2013
// Annex A ids ("A.9.4.2"), which it translates and explains in warning.
func (c *Catalog) Resolve(id string) (ids []string, warning string, err error) {
	id = strings.TrimSpace(id)
	if strings.HasPrefix(id, "a.") {
		id = "A." + id[2:]
	}
	if _, ok := c.byID[id]; ok {
		return []string{id}, "", nil
	}
	if m := annexPattern.FindStringSubmatch(id); m != nil && m[3] != "" {
		if to, ok := c.legacy[id]; ok {
			return append([]string(nil), to...), fmt.Sprintf("%s is an ISO/IEC 27001:2013 id; read as %s (2022)", id, strings.Join(to, ", ")), nil
		}
		return nil, "", fmt.Errorf("%s is not an ISO/IEC 27001:2013 Annex A id", id)
	}
	if clausePattern.MatchString(id) || annexPattern.MatchString(id) {
		return nil, "", fmt.Errorf("%s is not a clause with requirements or an Annex A control of ISO/IEC 27001:2022", id)
	}
	return nil, "", fmt.Errorf("%q is not a clause or control id (expected e.g. \"9.2.2\" or \"A.8.5\")", id)
}

// IsAnnexA tells Annex A ids from clause ids.
func IsAnnexA(id string) bool { return strings.HasPrefix(id, "A.") }

// SortIDs orders ids as the standard does: clauses numerically, then Annex A numerically.
func SortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return Less(ids[i], ids[j]) })
}

// Less compares two ids in the standard's order.
func Less(a, b string) bool {
	aa, ba := IsAnnexA(a), IsAnnexA(b)
	if aa != ba {
		return !aa
	}
	pa, pb := numbers(a), numbers(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

func numbers(id string) []int {
	parts := strings.Split(strings.TrimPrefix(id, "A."), ".")
	out := make([]int, len(parts))
	for i, p := range parts {
		out[i], _ = strconv.Atoi(p)
	}
	return out
}
