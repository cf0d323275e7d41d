package results

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ismscheck/ismscheck/evidence"
)

func finding(rule, id, status, grade, msg string) Finding {
	ref := evidence.Ref{Kind: "github.repository", ID: id}
	return Finding{RuleID: rule, Resource: ref, Status: status, Grade: grade, Message: msg, Fingerprint: Fingerprint(rule, ref, "")}
}

func ids(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.RuleID+" "+f.Resource.ID)
	}
	return out
}

func TestCompareMatchesByFingerprintNotMessage(t *testing.T) {
	before := &Results{Run: Run{ID: "a"}, Findings: []Finding{
		finding("GH-07", "api", StatusFail, GradeMinor, "main is not protected"),
		finding("GH-08", "api", StatusFail, GradeMinor, "0 approvals"),
		finding("GH-10", "api", StatusFail, GradeMajor, "force push allowed"),
		finding("GH-12", "api", StatusFail, GradeMinor, "secret scanning off"),
		finding("GH-13", "api", StatusFail, GradeMinor, "alerts off"),
	}}
	after := &Results{Run: Run{ID: "b"}, Findings: []Finding{
		finding("GH-07", "api", StatusFail, GradeMinor, "default branch main has no protection"), // reworded: unchanged
		finding("GH-08", "api", StatusFail, GradeMajor, "0 approvals"),                           // grade rose
		finding("GH-10", "api", StatusFail, GradeMinor, "force push allowed"),                    // grade fell
		finding("GH-12", "api", StatusPass, "", "no violation found"),                            // fixed
		finding("GH-13", "api", StatusSkipped, "", "not evaluated: 403"),                         // unknown
		finding("GH-14", "web", StatusFail, GradeMinor, "write token"),                           // new
	}}
	d := Compare(before, after)
	assert.Equal(t, []string{"GH-14 web"}, ids(d.New))
	assert.Equal(t, []string{"GH-08 api"}, ids(d.Regressed))
	assert.Equal(t, []string{"GH-10 api"}, ids(d.Improved))
	assert.Equal(t, []string{"GH-07 api"}, ids(d.Unchanged))
	assert.Equal(t, []string{"GH-12 api"}, ids(d.Resolved))
	assert.Equal(t, []string{"GH-13 api"}, ids(d.Unverified), "a failure that was not evaluated again is not resolved")
	assert.Equal(t, []string{"GH-14 web", "GH-08 api"}, ids(d.Gating()))
}

// Findings with a key (one per register row or per missing field) have no pass of their
// own: the rule passing the resource, or failing it for another key only, resolves them.
func TestCompareResolvesKeyedFindings(t *testing.T) {
	keyed := func(rule, id, key, status, grade string) Finding {
		f := finding(rule, id, status, grade, key)
		f.Key, f.Fingerprint = key, Fingerprint(rule, f.Resource, key)
		return f
	}
	before := &Results{Run: Run{ID: "a"}, Findings: []Finding{
		keyed("DOC-18", "procedures/backup.md", "approver", StatusFail, GradeMinor),
		keyed("DOC-11", "registers/soa.csv", "A.7.6", StatusFail, GradeMinor),
		keyed("DOC-11", "registers/soa.csv", "A.8.1", StatusFail, GradeMinor),
		keyed("DOC-12", "registers/risks.csv", "R-01", StatusFail, GradeMinor),
	}}
	after := &Results{Run: Run{ID: "b"}, Findings: []Finding{
		keyed("DOC-18", "procedures/backup.md", "", StatusPass, ""),            // approver added
		keyed("DOC-11", "registers/soa.csv", "A.8.1", StatusFail, GradeMinor),  // A.7.6 fixed, A.8.1 not
		keyed("DOC-12", "registers/risks.csv", "", StatusError, ""),            // could not be read
		keyed("DOC-12", "registers/other.csv", "R-01", StatusFail, GradeMinor), // another resource
	}}
	d := Compare(before, after)
	assert.Equal(t, []string{"DOC-11 registers/soa.csv", "DOC-18 procedures/backup.md"}, ids(d.Resolved))
	assert.Equal(t, []string{"DOC-12 registers/risks.csv"}, ids(d.Unverified), "an error on the resource proves nothing")
	assert.Equal(t, []string{"DOC-11 registers/soa.csv"}, ids(d.Unchanged))
}
