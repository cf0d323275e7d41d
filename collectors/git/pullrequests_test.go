package git

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// history builds records from "sha: subject" and parent lists, newest first.
func records(spec [][3]string) []*commitRecord {
	out := make([]*commitRecord, len(spec))
	for i, s := range spec {
		out[i] = &commitRecord{sha: s[0], subject: s[1], parents: splitParents(s[2])}
	}
	return out
}

func splitParents(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range []byte(s) {
		out = append(out, string(p))
	}
	return out
}

func members(commits []*commitRecord) []string {
	in := pullRequests(commits)
	var out []string
	for i, c := range commits {
		if in[i] {
			out = append(out, c.sha)
		}
	}
	slices.Sort(out)
	return out
}

func TestPullRequestBranchAfterMergingMainIntoIt(t *testing.T) {
	// F1 - M - F2 is the feature branch; it merged main (B) in before the pull request was
	// merged. B and everything before it were already on main: not part of the pull request.
	commits := records([][3]string{
		{"P", "Merge pull request #2 from x/feat", "CG"},
		{"G", "feature work 2", "M"},
		{"M", "Merge branch 'main' into feat", "FB"},
		{"C", "main after", "B"},
		{"B", "main work", "A"},
		{"F", "feature work 1", "A"},
		{"A", "root", ""},
	})
	assert.Equal(t, []string{"F", "G", "M", "P"}, members(commits))
	slices.Reverse(commits) // the walk's order is not trusted: the rank is computed
	assert.Equal(t, []string{"F", "G", "M", "P"}, members(commits))
}

func TestPullRequestMergedIntoAReleaseBranch(t *testing.T) {
	commits := records([][3]string{
		{"R", "Merge branch 'release'", "XQ"},
		{"X", "main", "A"},
		{"Q", "Merge pull request #3 from y/z", "DG"},
		{"G", "work in pull request 3", "S"},
		{"D", "direct commit on release", "S"},
		{"S", "release start", "A"},
		{"A", "root", ""},
	})
	assert.Equal(t, []string{"G", "Q"}, members(commits))
}

func TestPullRequestThatBroughtNothingIsSkipped(t *testing.T) {
	// In a walk limited to the ISMS, a pull request that changed only code has its branch
	// rewritten to a commit already on main.
	commits := records([][3]string{
		{"P", "Merge pull request #9 from x/code", "NB"},
		{"N", "Merge pull request #8 from x/more-code", "BA"},
		{"B", "policy edit", "A"},
		{"A", "root", ""},
	})
	assert.Equal(t, []string{"N", "P"}, members(commits), "only the merges themselves, by their subject")
}

func TestOctopusMergeBringsInEveryBranch(t *testing.T) {
	commits := records([][3]string{
		{"O", "Merge pull request #4 from x/many", "ABC"},
		{"C", "third", "R"},
		{"B", "second", "R"},
		{"A", "main", "R"},
		{"R", "root", ""},
	})
	assert.Equal(t, []string{"B", "C", "O"}, members(commits))
}

func TestPullRequestSubjects(t *testing.T) {
	for subject, want := range map[string]bool{
		"Merge pull request #12 from corp/feat":                       true,
		"Update backup policy (#34)":                                  true,
		"Merged in feature/x (pull request #5)":                       true,
		"Merged PR 123: Update policy":                                true,
		"Merge branch 'main' into feat":                               false,
		"Mention (#34) in the middle":                                 false,
		"Merge pull request from nowhere":                             false,
		"Revert \"Merge pull request #12 from corp/feat\"":            false,
		"Bump version (#12) (#13)":                                    true,
		"Fix (#abc)":                                                  false,
		"Merge remote-tracking branch 'origin/pr/12'":                 false,
		"See merge request group/project!12 is in the body, not here": false,
	} {
		assert.Equal(t, want, pullRequestSubject(subject), subject)
	}
}
