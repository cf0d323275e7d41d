package report

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/ismscheck/ismscheck/internal/results"
)

// OSCAL 1.2.2 assessment-results, for GRC tools that import NIST OSCAL.
//
// Choices, and why:
//   - Every uuid is a version 5 UUID of the run id and what it names, so the same results
//     give the same document (golden files, re-exports) and different runs never collide.
//   - There is no separate OSCAL assessment plan: ismscheck's plan is its configuration
//     and rule pack. import-ap must still point somewhere resolvable, so it points at a
//     back-matter resource ("#uuid", the OSCAL way to reference back matter) that names
//     the rule pack, catalog and evidence set by digest. A bare "#" or a made-up URL
//     would resolve to nothing.
//   - Control ids: OSCAL ids are XML NCNames, which cannot start with a digit. ISO ids
//     are lower-cased as OSCAL catalogs write theirs ("A.8.5" → "a.8.5") and clause ids get
//     a "c." prefix ("9.3.1" → "c.9.3.1"). The ISO id is kept in an "iso-id" prop.
//   - reviewed-controls lists the controls whose status rests on something this run
//     looked at (automated rules or an attestation); controls with no basis, and those the
//     SoA excludes, were not reviewed and are only counted in the remarks.
//   - One observation per finding, every status, with method EXAMINE (NIST SP 800-53A:
//     reviewing specifications, mechanisms and records, which is what the rules do); the
//     tool is its origin, so "automated" is said by the actor, not by inventing a method.
//     Each evidence document is a back-matter resource carrying its SHA-256, and the
//     observation's relevant-evidence links to it.
//   - One OSCAL finding per failing ismscheck finding and control it maps to (an OSCAL
//     target names one control), state not-satisfied, with the auditor's grade as a prop
//     in ismscheck's namespace. Errors are observations only: OSCAL's states are satisfied
//     and not-satisfied, and an unreadable source is neither.

const (
	oscalVersion = "1.2.2"
	// OSCALNamespace qualifies ismscheck's own props (grade, rule id, fingerprint ...).
	OSCALNamespace = "https://ismscheck.dev/ns/oscal"
)

// oscalUUIDNamespace is the v5 namespace of ismscheck's OSCAL ids: the v5 UUID of the
// props namespace URL in the URL namespace.
var oscalUUIDNamespace = uuidV5(uuidNamespaceURL, OSCALNamespace)

type oscalDoc struct {
	AssessmentResults oscalAR `json:"assessment-results"`
}

type oscalAR struct {
	UUID       string          `json:"uuid"`
	Metadata   oscalMetadata   `json:"metadata"`
	ImportAP   oscalImportAP   `json:"import-ap"`
	Results    []oscalResult   `json:"results"`
	BackMatter oscalBackMatter `json:"back-matter"`
}

type oscalMetadata struct {
	Title        string      `json:"title"`
	LastModified string      `json:"last-modified"`
	Version      string      `json:"version"`
	OSCALVersion string      `json:"oscal-version"`
	Props        []oscalProp `json:"props,omitempty"`
	Remarks      string      `json:"remarks,omitempty"`
}

type oscalProp struct {
	Name  string `json:"name"`
	NS    string `json:"ns"`
	Value string `json:"value"`
}

type oscalImportAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks"`
}

type oscalResult struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title"`
	Description      string             `json:"description"`
	Start            string             `json:"start"`
	Props            []oscalProp        `json:"props,omitempty"`
	LocalDefinitions oscalLocalDefs     `json:"local-definitions"`
	ReviewedControls oscalReviewed      `json:"reviewed-controls"`
	Observations     []oscalObservation `json:"observations,omitempty"`
	Findings         []oscalFinding     `json:"findings,omitempty"`
	Remarks          string             `json:"remarks,omitempty"`
}

type oscalLocalDefs struct {
	Components []oscalComponent `json:"components"`
}

type oscalComponent struct {
	UUID        string      `json:"uuid"`
	Type        string      `json:"type"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Props       []oscalProp `json:"props,omitempty"`
	Status      struct {
		State string `json:"state"`
	} `json:"status"`
}

type oscalReviewed struct {
	ControlSelections []oscalSelection `json:"control-selections"`
}

type oscalSelection struct {
	Description     string               `json:"description"`
	IncludeAll      *struct{}            `json:"include-all,omitempty"`
	IncludeControls []oscalControlSelect `json:"include-controls,omitempty"`
}

type oscalControlSelect struct {
	ControlID string `json:"control-id"`
}

type oscalObservation struct {
	UUID             string          `json:"uuid"`
	Title            string          `json:"title"`
	Description      string          `json:"description"`
	Props            []oscalProp     `json:"props,omitempty"`
	Methods          []string        `json:"methods"`
	Origins          []oscalOrigin   `json:"origins"`
	RelevantEvidence []oscalEvidence `json:"relevant-evidence,omitempty"`
	Collected        string          `json:"collected"`
	Remarks          string          `json:"remarks,omitempty"`
}

type oscalOrigin struct {
	Actors []oscalActor `json:"actors"`
}

type oscalActor struct {
	Type      string `json:"type"`
	ActorUUID string `json:"actor-uuid"`
}

type oscalEvidence struct {
	Href        string `json:"href"`
	Description string `json:"description"`
}

type oscalFinding struct {
	UUID                string            `json:"uuid"`
	Title               string            `json:"title"`
	Description         string            `json:"description"`
	Props               []oscalProp       `json:"props"`
	Target              oscalTarget       `json:"target"`
	RelatedObservations []oscalRelatedObs `json:"related-observations"`
	Remarks             string            `json:"remarks,omitempty"`
}

type oscalTarget struct {
	Type     string      `json:"type"`
	TargetID string      `json:"target-id"`
	Props    []oscalProp `json:"props"`
	Status   struct {
		State  string `json:"state"`
		Reason string `json:"reason"`
	} `json:"status"`
}

type oscalRelatedObs struct {
	ObservationUUID string `json:"observation-uuid"`
}

type oscalBackMatter struct {
	Resources []oscalResource `json:"resources"`
}

type oscalResource struct {
	UUID        string      `json:"uuid"`
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	Props       []oscalProp `json:"props,omitempty"`
	RLinks      []oscalLink `json:"rlinks,omitempty"`
}

type oscalLink struct {
	Href      string      `json:"href"`
	MediaType string      `json:"media-type,omitempty"`
	Hashes    []oscalHash `json:"hashes,omitempty"`
}

type oscalHash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

// OSCAL writes the results as an OSCAL 1.2.2 assessment-results document (JSON).
func OSCAL(w io.Writer, r *results.Results) error {
	return writeJSON(w, buildOSCAL(r))
}

// oscalIDs makes the document's uuids, all derived from the run id.
type oscalIDs struct {
	run  string
	seen map[string]int
}

// uuid names something once; asking again for the same name gives a new id, so two
// findings that share a fingerprint cannot share an observation uuid.
func (ids *oscalIDs) uuid(name string) string {
	n := ids.seen[name]
	ids.seen[name] = n + 1
	if n > 0 {
		name = fmt.Sprintf("%s#%d", name, n)
	}
	return nameBasedUUID(oscalUUIDNamespace, ids.run+"/"+name)
}

func buildOSCAL(r *results.Results) oscalDoc {
	ids := &oscalIDs{run: r.Run.ID, seen: map[string]int{}}
	when := asOf(r).Format("2006-01-02T15:04:05Z07:00")
	org := r.Run.Scope.Organization
	if org == "" {
		org = "the ISMS"
	}
	toolUUID := ids.uuid("tool")
	planUUID := ids.uuid("assessment-plan")

	plan := oscalResource{
		UUID:  planUUID,
		Title: "ismscheck assessment plan: rule pack and configuration of run " + r.Run.ID,
		Description: "The plan this run followed is ismscheck's rule pack (each rule mapped to ISO/IEC 27001:2022 " +
			"clauses and Annex A controls) applied under the ISMS repo's ismscheck.yaml to the evidence set named below.",
		Props: oscalProps(
			"rule-pack-digest", r.Tool.RulePackDigest,
			"catalog-version", r.Tool.CatalogVersion,
			"evidence-digest", r.Run.EvidenceDigest,
			"scope-statement", r.Run.Scope.Statement,
		),
	}
	back := []oscalResource{plan}
	evidenceUUID := map[string]string{}
	evidenceRef := func(digest string) string {
		if u, ok := evidenceUUID[digest]; ok {
			return u
		}
		u := ids.uuid("evidence/" + digest)
		evidenceUUID[digest] = u
		res := oscalResource{UUID: u, Title: "Evidence document " + digest}
		if hexDigest, ok := strings.CutPrefix(digest, "sha256:"); ok {
			// ni: names content by its hash (RFC 6920), which is all a digest can resolve to
			// outside the evidence bundle that holds the document.
			res.RLinks = []oscalLink{{Href: "ni:///sha-256;" + niBase64(hexDigest), MediaType: "application/json",
				Hashes: []oscalHash{{Algorithm: "SHA-256", Value: hexDigest}}}}
		}
		back = append(back, res)
		return u
	}

	res := oscalResult{
		UUID:        ids.uuid("result"),
		Title:       "ismscheck run " + r.Run.ID + ": " + org + " against ISO/IEC 27001:2022",
		Description: fmt.Sprintf("Automated internal audit as of %s. Verdict: %s. %s", r.Run.AsOf, r.Readiness.Verdict, r.Readiness.Reason),
		Start:       when,
		Props: oscalProps(
			"run-id", r.Run.ID,
			"readiness-verdict", r.Readiness.Verdict,
			"evidence-digest", r.Run.EvidenceDigest,
		),
		LocalDefinitions: oscalLocalDefs{Components: []oscalComponent{oscalToolComponent(toolUUID, r.Tool.Version)}},
		ReviewedControls: oscalReviewedControls(r),
	}

	origin := []oscalOrigin{{Actors: []oscalActor{{Type: "tool", ActorUUID: toolUUID}}}}
	for _, f := range r.Findings {
		obs := oscalObservation{
			UUID:        ids.uuid("observation/" + f.Fingerprint),
			Title:       oneLine(f.RuleID + " on " + f.Resource.Kind + " " + f.Resource.ID),
			Description: orElse(f.Message, f.Title),
			Props: oscalProps(
				"rule-id", f.RuleID,
				"status", f.Status,
				"grade", f.Grade,
				"resource-kind", f.Resource.Kind,
				"resource-id", f.Resource.ID,
				"location", oscalLocation(f),
				"fingerprint", f.Fingerprint,
			),
			Methods:   []string{"EXAMINE"},
			Origins:   origin,
			Collected: when,
			Remarks:   waiverNote(f.Waiver),
		}
		for _, d := range f.Evidence {
			obs.RelevantEvidence = append(obs.RelevantEvidence, oscalEvidence{Href: "#" + evidenceRef(d), Description: "Evidence document " + d})
		}
		res.Observations = append(res.Observations, obs)
		if f.Status != results.StatusFail {
			continue
		}
		for _, c := range f.Controls {
			fd := oscalFinding{
				UUID:        ids.uuid("finding/" + f.Fingerprint + "/" + c),
				Title:       oneLine(f.RuleID + " " + f.Title),
				Description: orElse(f.Message, f.Title),
				Props: oscalProps(
					"grade", f.Grade,
					"rule-id", f.RuleID,
					"fingerprint", f.Fingerprint,
					"waived", boolWord(f.Waiver != nil),
				),
				Target: oscalTarget{
					Type: "objective-id", TargetID: oscalControlID(c),
					Props: oscalProps("iso-id", c),
				},
				RelatedObservations: []oscalRelatedObs{{ObservationUUID: obs.UUID}},
				Remarks:             strings.TrimSpace(strings.TrimSpace(f.Remediation) + "\n\n" + waiverNote(f.Waiver)),
			}
			fd.Target.Status.State = "not-satisfied"
			fd.Target.Status.Reason = "fail"
			res.Findings = append(res.Findings, fd)
		}
	}

	return oscalDoc{AssessmentResults: oscalAR{
		UUID: ids.uuid("assessment-results"),
		Metadata: oscalMetadata{
			Title:        "ISO/IEC 27001:2022 internal audit of " + org,
			LastModified: when,
			Version:      r.Run.ID,
			OSCALVersion: oscalVersion,
			Props:        oscalProps("tool", r.Tool.Name, "tool-version", r.Tool.Version),
			Remarks: "Written by ismscheck from the results of run " + r.Run.ID + ". last-modified is the run's as_of, " +
				"so the same results always give the same document. Control ids: Annex A ids lower-cased (A.8.5 → a.8.5), " +
				"clause ids prefixed with c. (9.3.1 → c.9.3.1); the ISO id is in each target's iso-id prop.",
		},
		ImportAP: oscalImportAP{
			Href:    "#" + planUUID,
			Remarks: "ismscheck keeps no separate OSCAL assessment plan; this back-matter resource names the rule pack, catalog and evidence the run used.",
		},
		Results:    []oscalResult{res},
		BackMatter: oscalBackMatter{Resources: back},
	}}
}

func oscalToolComponent(id, version string) oscalComponent {
	c := oscalComponent{
		UUID: id, Type: "software", Title: "ismscheck",
		Description: "Policy-as-code ISMS conformity checker: evaluates collected evidence with Rego rules mapped to ISO/IEC 27001:2022 and grades findings as a certification auditor does.",
		Props:       oscalProps("version", version, "information-uri", InformationURI),
	}
	c.Status.State = "operational"
	return c
}

func oscalReviewedControls(r *results.Results) oscalReviewed {
	sel := oscalSelection{}
	var notReviewed int
	for _, c := range r.Controls {
		if c.Basis == "automated" || c.Basis == "attested" || c.Findings > 0 {
			sel.IncludeControls = append(sel.IncludeControls, oscalControlSelect{ControlID: oscalControlID(c.ID)})
		} else {
			notReviewed++
		}
	}
	sel.Description = fmt.Sprintf("ISO/IEC 27001:2022 clauses and Annex A controls whose status rests on automated rules or a valid attestation in this run (%d). "+
		"%d more had no basis (no automated rule and no valid attestation, evidence not collected, or excluded by the Statement of Applicability) and were not reviewed.",
		len(sel.IncludeControls), notReviewed)
	if len(sel.IncludeControls) == 0 {
		// OSCAL needs a selection. With nothing to rest a status on (no evidence at all),
		// the honest statement is the scope the run set out to assess: the whole catalog.
		sel.IncludeAll = &struct{}{}
		sel.Description = "No ISO/IEC 27001:2022 requirement had evidence to rest a status on in this run; " +
			"the selection is the scope it set out to assess, all clauses 4-10 and Annex A controls."
	}
	return oscalReviewed{ControlSelections: []oscalSelection{sel}}
}

// oscalControlID maps an ISO id to an OSCAL token (an XML NCName): lower case, and a "c."
// prefix when it starts with a digit (clauses). Characters a token cannot hold become "-".
func oscalControlID(id string) string {
	id = strings.ToLower(id)
	id = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, id)
	if id == "" {
		return "unknown"
	}
	if first := []rune(id)[0]; !unicode.IsLetter(first) && first != '_' {
		id = "c." + id
	}
	return id
}

// oscalProps builds props in ismscheck's namespace from name, value pairs, leaving out
// empty values (OSCAL values must be non-empty, single-line, without outer spaces).
func oscalProps(kv ...string) []oscalProp {
	var out []oscalProp
	for i := 0; i+1 < len(kv); i += 2 {
		if v := oneLine(kv[i+1]); v != "" {
			out = append(out, oscalProp{Name: kv[i], NS: OSCALNamespace, Value: v})
		}
	}
	return out
}

func oscalLocation(f results.Finding) string {
	if f.Location == nil {
		return ""
	}
	if f.Location.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line)
	}
	return f.Location.Path
}

// oneLine folds whitespace runs (newlines included) into single spaces and trims.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func orElse(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// niBase64 is a hex SHA-256 in the base64url form RFC 6920 ni: URIs use.
func niBase64(hexDigest string) string {
	raw, err := hex.DecodeString(hexDigest)
	if err != nil {
		return hexDigest
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
