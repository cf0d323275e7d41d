// Package config reads ismscheck.yaml: what to collect, how to grade, which rules to tune.
// Credentials never live here; collectors take them from the environment.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ismscheck/ismscheck/internal/yamlerr"
)

// FileName is the config file looked for in an ISMS repo.
const FileName = "ismscheck.yaml"

// Config is the parsed ismscheck.yaml.
type Config struct {
	Version      int        `yaml:"version" json:"version"`
	Organization string     `yaml:"organization" json:"organization,omitempty"`
	Scope        string     `yaml:"scope" json:"scope,omitempty"`
	Sources      Sources    `yaml:"sources" json:"sources"`
	Rules        Rules      `yaml:"rules" json:"rules"`
	Escalation   Escalation `yaml:"escalation" json:"escalation"`
	Waivers      []Waiver   `yaml:"waivers" json:"waivers,omitempty"`
	// CorrectiveActions shapes the corrective action plan (due dates by grade).
	CorrectiveActions CorrectiveActions `yaml:"corrective_actions" json:"corrective_actions,omitzero"`

	// Path is the file the config came from ("" for defaults); Dir anchors relative paths.
	Path string `yaml:"-" json:"-"`
	Dir  string `yaml:"-" json:"-"`
	// lines remembers where rule ids were written, so a wrong id can be pointed at.
	lines map[string]int
}

// Sources says what to collect.
type Sources struct {
	ISMS   *ISMSSource   `yaml:"isms" json:"isms,omitempty"`
	GitHub *GitHubSource `yaml:"github" json:"github,omitempty"`
	AWS    *AWSSource    `yaml:"aws" json:"aws,omitempty"`
}

// ISMSSource is the ISMS documents repository.
type ISMSSource struct {
	Root      string                `yaml:"root" json:"root"`
	Name      string                `yaml:"name" json:"name,omitempty"`
	Exclude   []string              `yaml:"exclude" json:"exclude,omitempty"`
	Registers map[string]StringList `yaml:"registers" json:"registers,omitempty"`
	Layout    Layout                `yaml:"layout" json:"layout,omitempty"`
	// History reads the Git history of the ISMS (who changed what when, and whether it was
	// reviewed); default true. Off for a repository whose history is not the ISMS's own.
	History *bool `yaml:"history" json:"history,omitempty"`
}

// ReadHistory tells whether the Git history of the ISMS is collected.
func (s *ISMSSource) ReadHistory() bool { return s != nil && (s.History == nil || *s.History) }

// Layout says how an ISMS names what rules expect, so an existing repository is read as it
// is: register columns and vocabularies, document-control fields kept in a table or
// blockquote in the body, document types by path, template placeholders, date forms.
type Layout struct {
	// register type -> canonical column -> the register's own column name(s)
	Columns map[string]map[string]StringList `yaml:"columns" json:"columns,omitempty"`
	// register type -> canonical column -> the register's own value -> canonical value
	Values map[string]map[string]map[string]string `yaml:"values" json:"values,omitempty"`
	// document-control field (owner, approver, approved_on, version, next_review, id, type)
	// -> the labels used for it in a table or blockquote in the document body
	ControlFields map[string]StringList `yaml:"control_fields" json:"control_fields,omitempty"`
	// glob relative to the ISMS root -> document type, for documents that do not state one
	DocumentTypes map[string]string `yaml:"document_types" json:"document_types,omitempty"`
	// values meaning "not filled in", besides the built-in ones ("TBD", "[OWNER]", "<date>")
	Placeholders []string `yaml:"placeholders" json:"placeholders,omitempty"`
	// how dates are written when not YYYY-MM-DD: DD/MM/YYYY, MM/DD/YYYY, D Month YYYY, DD.MM.YYYY
	DateFormats []string `yaml:"date_formats" json:"date_formats,omitempty"`
	// field -> headings whose bullet list is the field's value (e.g. inputs: [Inputs considered])
	SectionLists map[string]StringList `yaml:"section_lists" json:"section_lists,omitempty"`
	// fields whose one cell holds a list separated by commas, semicolons or <br>
	ListFields []string `yaml:"list_fields" json:"list_fields,omitempty"`
}

// GoDateLayouts turns the date formats into Go time layouts.
func (l Layout) GoDateLayouts() []string {
	out := make([]string, 0, len(l.DateFormats))
	for _, f := range l.DateFormats {
		out = append(out, goDateLayout(f))
	}
	return out
}

var dateTokens = strings.NewReplacer("YYYY", "2006", "Month", "January", "Mon", "Jan", "MM", "01", "DD", "02", "D", "2")

func goDateLayout(f string) string { return dateTokens.Replace(f) }

// validDateFormat checks a format round-trips a date, so a typo is an error, not silence.
func validDateFormat(f string) bool {
	layout := goDateLayout(f)
	ref := time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
	back, err := time.Parse(layout, ref.Format(layout))
	return err == nil && back.Equal(ref) && strings.ContainsAny(f, "YMD")
}

// Rules tunes the rule pack.
type Rules struct {
	Disable    []string                  `yaml:"disable" json:"disable,omitempty"`
	Severity   map[string]string         `yaml:"severity" json:"severity,omitempty"`
	Params     map[string]any            `yaml:"params" json:"params,omitempty"`
	RuleParams map[string]map[string]any `yaml:"rule_params" json:"rule_params,omitempty"`
}

// Escalation raises a minor to a major when a rule fails widely or on a critical resource.
type Escalation struct {
	// Share of a rule's in-scope resources above which its minors become majors.
	Share float64 `yaml:"share" json:"share"`
	// MinResources keeps one failure out of one resource from counting as "widespread".
	MinResources int `yaml:"min_resources" json:"min_resources"`
	// CriticalResources are resource ids (glob patterns) whose minors are majors.
	CriticalResources []string `yaml:"critical_resources" json:"critical_resources,omitempty"`
	// ConsecutiveRuns: a minor still open in this many consecutive runs of the history
	// (this one included) becomes a major; 0 switches it off. Unset means the default.
	ConsecutiveRuns *int `yaml:"consecutive_runs" json:"consecutive_runs,omitempty"`
}

// DefaultConsecutiveRuns is escalation.consecutive_runs when the config does not set it.
const DefaultConsecutiveRuns = 3

// RepeatRuns is the number of consecutive runs after which an open minor is a major; 0: never.
func (e Escalation) RepeatRuns() int {
	if e.ConsecutiveRuns == nil {
		return DefaultConsecutiveRuns
	}
	return *e.ConsecutiveRuns
}

// StringList accepts a single string or a list of strings.
type StringList []string

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *StringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = []string{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*s = list
	return nil
}

// Defaults returns the configuration used when a directory has no ismscheck.yaml.
func Defaults(dir string) *Config {
	c := &Config{Version: 1, Dir: dir}
	c.applyDefaults()
	return c
}

func (c *Config) applyDefaults() {
	if c.Sources.ISMS == nil {
		c.Sources.ISMS = &ISMSSource{}
	}
	if c.Sources.ISMS.Root == "" {
		c.Sources.ISMS.Root = "."
	}
	if c.Escalation.Share == 0 {
		c.Escalation.Share = 0.25
	}
	if c.Escalation.MinResources == 0 {
		c.Escalation.MinResources = 4
	}
}

// Load reads and validates a config file. Errors name the file and line.
func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, raw)
}

// Find loads DIR/ismscheck.yaml, or the defaults for DIR when there is none.
func Find(dir string) (*Config, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	// ismscheck.yml is read too: ignoring it would silently drop the user's settings.
	var found []string
	for _, name := range []string{FileName, "ismscheck.yml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	switch len(found) {
	case 0:
		return Defaults(dir), nil
	case 1:
		return Load(filepath.Join(dir, found[0]))
	}
	return nil, fmt.Errorf("%s holds both %s and %s: keep one", dir, found[0], found[1])
}

// Parse decodes config text; path is used in messages and to anchor relative paths.
func Parse(path string, raw []byte) (*Config, error) {
	c := &Config{Path: path, Dir: filepath.Dir(path), lines: map[string]int{}}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		if line, msg, ok := yamlerr.Locate(raw, err); ok {
			return nil, fmt.Errorf("%s:%d: %s", path, line, msg)
		}
		return nil, yamlError(path, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err == nil {
		c.recordRuleLines(&root)
	}
	c.applyDefaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) validate() error {
	if c.Version != 1 {
		return fmt.Errorf("%s:%d: version must be 1 (got %d)", c.Path, c.line("version"), c.Version)
	}
	for id, g := range c.Rules.Severity {
		switch g {
		case "major", "minor", "observation", "ofi":
		default:
			return fmt.Errorf("%s:%d: rules.severity.%s: %q is not a grade (major, minor, observation, ofi)", c.Path, c.RuleLine(id), id, g)
		}
	}
	if c.Escalation.Share <= 0 || c.Escalation.Share > 1 {
		return fmt.Errorf("%s:%d: escalation.share must be above 0 and at most 1 (got %g)", c.Path, c.line("escalation.share"), c.Escalation.Share)
	}
	if n := c.Escalation.RepeatRuns(); n < 0 || n == 1 {
		return fmt.Errorf("%s:%d: escalation.consecutive_runs must be 0 (off) or at least 2 (got %d): one run is no repeat", c.Path, c.line("escalation.consecutive_runs"), n)
	}
	if c.Escalation.MinResources < 1 {
		return fmt.Errorf("%s:%d: escalation.min_resources must be at least 1", c.Path, c.line("escalation.min_resources"))
	}
	if c.Sources.ISMS != nil {
		for _, f := range c.Sources.ISMS.Layout.DateFormats {
			if !validDateFormat(f) {
				return fmt.Errorf("%s:%d: sources.isms.layout.date_formats: %q is not a date format (use YYYY, MM, DD, D, Month, Mon, e.g. DD/MM/YYYY)", c.Path, c.line("sources.isms.layout.date_formats"), f)
			}
		}
	}
	if err := c.validateSources(); err != nil {
		return err
	}
	if err := c.validateWaivers(); err != nil {
		return err
	}
	if err := c.validateCorrectiveActions(); err != nil {
		return err
	}
	for _, p := range c.Escalation.CriticalResources {
		if _, err := filepath.Match(p, ""); err != nil {
			return fmt.Errorf("%s:%d: escalation.critical_resources: bad pattern %q", c.Path, c.line("escalation.critical_resources"), p)
		}
	}
	return nil
}

// recordRuleLines notes the lines of rule ids and a few keys, for later messages.
func (c *Config) recordRuleLines(root *yaml.Node) {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return
	}
	var walk func(prefix string, n *yaml.Node)
	walk = func(prefix string, n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := n.Content[i].Value
				name := key
				if prefix != "" {
					name = prefix + "." + key
				}
				c.lines[name] = n.Content[i].Line
				walk(name, n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				switch item.Kind {
				case yaml.ScalarNode:
					c.lines[prefix+"["+item.Value+"]"] = item.Line
				case yaml.MappingNode:
					name := fmt.Sprintf("%s[%d]", prefix, i)
					c.lines[name] = item.Line
					walk(name, item)
				}
			}
		}
	}
	walk("", root.Content[0])
}

func (c *Config) line(key string) int {
	if n := c.lines[key]; n > 0 {
		return n
	}
	return 1
}

// RuleLine is where a rule id is mentioned in the config (disable, severity or rule_params).
func (c *Config) RuleLine(id string) int {
	for _, k := range []string{"rules.disable[" + id + "]", "rules.severity." + id, "rules.rule_params." + id} {
		if n := c.lines[k]; n > 0 {
			return n
		}
	}
	for _, w := range c.Waivers {
		if w.Rule == id {
			return w.Line
		}
	}
	return c.line("rules")
}

// RuleIDs lists every rule id the config names, so they can be checked against the pack.
func (c *Config) RuleIDs() []string {
	var ids []string
	ids = append(ids, c.Rules.Disable...)
	for id := range c.Rules.Severity {
		ids = append(ids, id)
	}
	for id := range c.Rules.RuleParams {
		ids = append(ids, id)
	}
	for _, w := range c.Waivers {
		ids = append(ids, w.Rule)
	}
	return ids
}

// ISMSRoot is the ISMS root as a path usable from the current directory.
func (c *Config) ISMSRoot() string {
	if c.Sources.ISMS == nil {
		return ""
	}
	if filepath.IsAbs(c.Sources.ISMS.Root) {
		return c.Sources.ISMS.Root
	}
	return filepath.Join(c.Dir, c.Sources.ISMS.Root)
}

// Disabled tells whether a rule is switched off.
func (c *Config) Disabled(id string) bool {
	for _, d := range c.Rules.Disable {
		if d == id {
			return true
		}
	}
	return false
}

// ParamsFor merges defaults, global params and the rule's own params (later wins).
func (c *Config) ParamsFor(id string, defaults map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range c.Rules.Params {
		out[k] = v
	}
	for k, v := range c.Rules.RuleParams[id] {
		out[k] = v
	}
	return out
}

// AsMap is the config as plain data, recorded in a bundle's manifest so that the bundle can
// be evaluated again offline with the same settings.
func (c *Config) AsMap() (map[string]any, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return m, dec.Decode(&m)
}

// FromMap rebuilds a config recorded by AsMap.
func FromMap(m map[string]any, dir string) (*Config, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	c := &Config{Dir: dir, Path: "manifest.json config", lines: map[string]int{}}
	if err := json.Unmarshal(raw, c); err != nil {
		return nil, fmt.Errorf("config recorded in the manifest: %w", err)
	}
	c.applyDefaults()
	return c, c.validate()
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError rewrites yaml.v3's "line N: msg" messages as "file:N: msg", one per problem.
func yamlError(path string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for i, m := range msgs {
		m = strings.TrimSpace(m)
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			msgs[i] = fmt.Sprintf("%s:%s: %s", path, g[1], strings.TrimSuffix(g[2], " in type config.Config"))
		} else {
			msgs[i] = fmt.Sprintf("%s: %s", path, strings.TrimPrefix(m, "yaml: "))
		}
	}
	return errors.New(strings.Join(msgs, "\n"))
}
