package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/internal/results"
)

const oscalSchema = "oscal_complete_schema-1-2-2.json"

func TestOSCALGoldenAndSchema(t *testing.T) {
	out := render(t, fixture(t), "oscal")
	validate(t, oscalSchema, out)
	golden(t, "results.oscal.json", out)
}

func oscalOf(t *testing.T, r *results.Results) oscalAR {
	t.Helper()
	var doc oscalDoc
	require.NoError(t, json.Unmarshal(render(t, r, "oscal"), &doc))
	return doc.AssessmentResults
}

func propValue(props []oscalProp, name string) string {
	for _, p := range props {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

func TestOSCALFindingsPerFailingFindingAndControl(t *testing.T) {
	r := fixture(t)
	ar := oscalOf(t, r)
	res := ar.Results[0]

	want := 0
	for _, f := range r.Findings {
		if f.Status == results.StatusFail {
			want += len(f.Controls)
		}
	}
	require.Len(t, res.Findings, want, "one OSCAL finding per failing finding and control")
	assert.Len(t, res.Observations, len(r.Findings), "one observation per finding, every status")

	observations := map[string]oscalObservation{}
	for _, o := range res.Observations {
		observations[o.UUID] = o
	}
	byTarget := map[string]oscalFinding{}
	for _, fd := range res.Findings {
		assert.Equal(t, "not-satisfied", fd.Target.Status.State)
		assert.Equal(t, "objective-id", fd.Target.Type)
		require.Len(t, fd.RelatedObservations, 1)
		obs, ok := observations[fd.RelatedObservations[0].ObservationUUID]
		require.True(t, ok, "related observation exists")
		assert.Equal(t, propValue(fd.Props, "fingerprint"), propValue(obs.Props, "fingerprint"))
		byTarget[fd.Target.TargetID+" "+propValue(fd.Props, "rule-id")] = fd
	}

	mr := byTarget["c.9.3.1 DOC-23"]
	assert.Equal(t, "major", propValue(mr.Props, "grade"))
	assert.Equal(t, OSCALNamespace, mr.Props[0].NS)
	assert.Equal(t, "9.3.1", propValue(mr.Target.Props, "iso-id"))
	assert.Contains(t, mr.Remarks, "Hold the management review")

	assert.Equal(t, "minor", propValue(byTarget["c.6.1.3 DOC-11"].Props, "grade"), "the computed grade, not the declared major")
	var sawWaived bool
	for _, fd := range res.Findings {
		if propValue(fd.Props, "waived") == "true" {
			sawWaived = true
			assert.Equal(t, "observation", propValue(fd.Props, "grade"))
			assert.Contains(t, fd.Remarks, "R-21")
		}
	}
	assert.True(t, sawWaived, "a waived finding stays a finding, marked waived")

	for _, o := range res.Observations {
		assert.Equal(t, []string{"EXAMINE"}, o.Methods)
		require.Len(t, o.Origins, 1)
		assert.Equal(t, "tool", o.Origins[0].Actors[0].Type)
		assert.Equal(t, res.LocalDefinitions.Components[0].UUID, o.Origins[0].Actors[0].ActorUUID, "the tool is defined")
		if propValue(o.Props, "status") == results.StatusError {
			assert.Equal(t, "DOC-14", propValue(o.Props, "rule-id"), "errors are observations only")
		}
	}
}

func TestOSCALReferencesResolve(t *testing.T) {
	ar := oscalOf(t, fixture(t))
	resources := map[string]oscalResource{}
	for _, res := range ar.BackMatter.Resources {
		resources["#"+res.UUID] = res
	}

	plan, ok := resources[ar.ImportAP.Href]
	require.True(t, ok, "import-ap points at a back-matter resource, not at nothing")
	assert.Contains(t, propValue(plan.Props, "rule-pack-digest"), "sha256:")
	assert.Equal(t, "iso27001-2022", propValue(plan.Props, "catalog-version"))

	evidence := 0
	for _, o := range ar.Results[0].Observations {
		for _, ev := range o.RelevantEvidence {
			evidence++
			res, ok := resources[ev.Href]
			require.True(t, ok, "%s resolves", ev.Href)
			require.Len(t, res.RLinks, 1)
			require.Len(t, res.RLinks[0].Hashes, 1)
			assert.Equal(t, "SHA-256", res.RLinks[0].Hashes[0].Algorithm)
			assert.Contains(t, ev.Description, res.RLinks[0].Hashes[0].Value, "the digest the finding names")
			assert.Regexp(t, `^ni:///sha-256;[A-Za-z0-9_-]{43}$`, res.RLinks[0].Href)
		}
	}
	assert.Positive(t, evidence)
}

func TestOSCALIDsAreStableAndUnique(t *testing.T) {
	r := fixture(t)
	out := render(t, r, "oscal")
	assert.Equal(t, out, render(t, r, "oscal"), "same results, same document")

	uuids := regexp.MustCompile(`"(?:uuid|actor-uuid|observation-uuid)": "([^"]+)"`).FindAllSubmatch(out, -1)
	defined := map[string]int{}
	for _, m := range regexp.MustCompile(`"uuid": "([^"]+)"`).FindAllSubmatch(out, -1) {
		defined[string(m[1])]++
	}
	for _, m := range uuids {
		assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, string(m[1]), "version 5")
	}
	for id, n := range defined {
		assert.Equal(t, 1, n, "uuid %s defined once", id)
	}

	other := fixture(t)
	other.Run.ID = "ffffffffffffffff"
	assert.NotEqual(t, oscalOf(t, r).UUID, oscalOf(t, other).UUID, "another run, other ids")

	dup := failing("DOC-05", results.GradeMinor, 1)
	ar := oscalOf(t, withFindings(dup, dup))
	assert.NotEqual(t, ar.Results[0].Observations[0].UUID, ar.Results[0].Observations[1].UUID, "even for a repeated fingerprint")
}

func TestOSCALControlIDs(t *testing.T) {
	for in, want := range map[string]string{
		"A.8.5":  "a.8.5",
		"A.5.23": "a.5.23",
		"9.3.1":  "c.9.3.1",
		"4.1":    "c.4.1",
		"CC 6.1": "cc-6.1",
		"":       "unknown",
	} {
		assert.Equal(t, want, oscalControlID(in), in)
	}
	ar := oscalOf(t, fixture(t))
	sel := ar.Results[0].ReviewedControls.ControlSelections[0]
	ids := map[string]bool{}
	for _, c := range sel.IncludeControls {
		ids[c.ControlID] = true
	}
	assert.True(t, ids["c.9.3.1"], "nonconformity: reviewed")
	assert.True(t, ids["a.5.1"], "automated: reviewed")
	assert.False(t, ids["a.5.11"], "manual without attestation: not reviewed")
	assert.Contains(t, sel.Description, "were not reviewed")
}

func TestNameBasedUUIDMatchesRFC9562(t *testing.T) {
	// RFC 9562 appendix A.4: v5 of "www.example.com" in the DNS namespace.
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	assert.Equal(t, "2ed6657d-e927-568b-95e1-2665a8aea6a2", nameBasedUUID(dns, "www.example.com"))
}

func TestOSCALSchemaCatchesBadIDs(t *testing.T) {
	// A clause id used raw is not an NCName: the schema's \p{L} pattern must reject it,
	// which shows the validator really applies the OSCAL patterns.
	out := bytes.Replace(render(t, fixture(t), "oscal"), []byte(`"control-id": "c.9.3.1"`), []byte(`"control-id": "9.3.1"`), 1)
	assert.Error(t, validationError(t, oscalSchema, out))
}

func TestEveryFormatHandlesAnEmptyRun(t *testing.T) {
	r := withFindings()
	for _, format := range Formats {
		out := render(t, r, format)
		assert.NotEmpty(t, out, format)
	}
	validate(t, "sarif-schema-2.1.0.json", render(t, r, "sarif"))
	validate(t, oscalSchema, render(t, r, "oscal"))
}

func TestFormatsAreWritable(t *testing.T) {
	r := fixture(t)
	for _, format := range Formats {
		require.NoError(t, Check(format), format)
		render(t, r, format)
	}
	for _, format := range []string{"sarif", "junit", "markdown", "csv", "oscal"} {
		assert.Contains(t, Formats, format)
	}
	assert.Error(t, Check("xlsx"))
	assert.Error(t, Write(&bytes.Buffer{}, r, "xlsx"))
}
