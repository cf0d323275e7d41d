package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/ismscheck/ismscheck/internal/results"
)

// JUnit XML for CI test-report UIs (GitLab, Jenkins, Azure DevOps, GitHub test-report
// actions).
//
// One testsuite per rule and one testcase per rule × resource (× key): a rule reads as a
// table-driven test and its resources as the cases, which is how these UIs group and
// count. Suites keep the order rules first appear in the results, so output is stable.
//
//   - fail       → <failure type="GRADE" message="...">, body with remediation and evidence
//   - error      → <error type="error">: evidence unreadable, never a pass
//   - skipped    → <skipped message="reason">
//   - waived fail → <skipped message="waived: ...">: a risk acceptance should not redden
//     the build (the gate ignores it too), yet the case and the acceptance stay visible.
//
// Times are 0: rules are not timed per resource, and a real duration would make every
// report differ.
//
// The document keeps to what JUnit consumers accept (testdata/junit-consumers.xsd). Jenkins'
// xUnit plugin validates reports against its junit-10.xsd, as pytest's default xunit2 output
// does, and drops a whole report that breaks it, so nothing outside it is written: no
// file/line on a testcase and no skipped total on testsuites. The location goes in the
// failure text instead ("at: path:line", relative to where ismscheck ran), and readers
// total the per-suite skipped counts.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	ID         int             `xml:"id,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes findings as JUnit XML.
func JUnit(w io.Writer, r *results.Results) error {
	doc := buildJUnit(r)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func buildJUnit(r *results.Results) junitSuites {
	stamp := asOf(r).Format("2006-01-02T15:04:05")
	doc := junitSuites{Name: "ismscheck " + r.Run.ID, Time: "0"}
	bySuite := map[string]int{}
	for _, f := range r.Findings {
		i, ok := bySuite[f.RuleID]
		if !ok {
			i = len(doc.Suites)
			bySuite[f.RuleID] = i
			doc.Suites = append(doc.Suites, junitSuite{
				Name: f.RuleID + " " + f.Title, ID: i, Time: "0", Timestamp: stamp,
				Properties: []junitProperty{
					{Name: "rule_id", Value: f.RuleID},
					{Name: "controls", Value: strings.Join(f.Controls, " ")},
					{Name: "severity", Value: f.Severity},
				},
			})
		}
		s := &doc.Suites[i]
		c := junitCaseFor(r, f)
		s.Tests++
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Error != nil:
			s.Errors++
		case c.Skipped != nil:
			s.Skipped++
		}
		s.Cases = append(s.Cases, c)
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	return doc
}

func junitCaseFor(r *results.Results, f results.Finding) junitCase {
	name := f.Resource.Kind + " " + f.Resource.ID
	if f.Key != "" {
		name += " [" + f.Key + "]"
	}
	c := junitCase{Name: name, Classname: "ismscheck." + f.RuleID, Time: "0"}
	switch f.Status {
	case results.StatusFail:
		if f.Waiver != nil {
			c.Skipped = &junitSkipped{Message: waiverNote(f.Waiver)}
			c.SystemOut = junitDetail(r, f)
			break
		}
		c.Failure = &junitProblem{Message: f.Message, Type: f.Grade, Body: junitDetail(r, f)}
	case results.StatusError:
		c.Error = &junitProblem{Message: f.Message, Type: results.StatusError, Body: junitDetail(r, f)}
	case results.StatusSkipped:
		c.Skipped = &junitSkipped{Message: f.Message}
	}
	return c
}

// junitDetail is the text a CI UI shows under a failure: what, where, why, what to do.
// A file is named relative to where ismscheck ran, as in SARIF, so it can be found from
// the CI checkout.
func junitDetail(r *results.Results, f results.Finding) string {
	var b strings.Builder
	if f.Grade != "" {
		fmt.Fprintf(&b, "%s %s: %s\n", strings.ToUpper(f.Grade), f.RuleID, f.Message)
	} else {
		fmt.Fprintf(&b, "%s %s: %s\n", strings.ToUpper(f.Status), f.RuleID, f.Message)
	}
	fmt.Fprintf(&b, "at: %s\n", junitWhere(r, f))
	fmt.Fprintf(&b, "controls: %s\n", strings.Join(f.Controls, ", "))
	for _, g := range f.Grading {
		fmt.Fprintf(&b, "grading: %s\n", g)
	}
	if len(f.Evidence) > 0 {
		fmt.Fprintf(&b, "evidence: %s\n", strings.Join(f.Evidence, " "))
	}
	if f.Waiver != nil {
		fmt.Fprintf(&b, "%s\n", waiverNote(f.Waiver))
	}
	if rem := strings.TrimSpace(f.Remediation); rem != "" {
		fmt.Fprintf(&b, "fix: %s\n", rem)
	}
	fmt.Fprintf(&b, "fingerprint: %s", f.Fingerprint)
	return b.String()
}

func junitWhere(r *results.Results, f results.Finding) string {
	if f.Location == nil {
		return where(f)
	}
	loc := *f.Location
	loc.Path = repoPath(r, loc.Path)
	f.Location = &loc
	return where(f)
}
