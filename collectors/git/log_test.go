package git

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseLog(t *testing.T) {
	out := "\x1eaaa\x1fbbb\x1fAlice\x1f2026-01-05T23:30:00-05:00\x1fDana <d@x>\x1dBob, Jr <b@x>\x1dCarol\x1fSubject with \x1f in it\x00" +
		"\nM\x00policies/a.md\x00" +
		"A\x00\x1elooks like a header.md\x00" + // a path is taken whole, whatever it contains
		"D\x00\nnewline.md\x00" +
		"\x1ebbb\x1fccc ddd\x1fErin\x1f2026-01-04T10:00:00+00:00\x1f\x1fMerge pull request #1 from x/y\x00\x00" +
		"MM\x00policies/a.md\x00" +
		"\x1eccc\x1f\x1fZoe\x1f2026-01-03T10:00:00+00:00\x1f\x1fno changes\x00\x00"
	commits, err := parseLog([]byte(out))
	require.NoError(t, err)
	require.Len(t, commits, 3)

	a := commits[0]
	assert.Equal(t, "aaa", a.sha)
	assert.Equal(t, []string{"bbb"}, a.parents)
	assert.Equal(t, "2026-01-05", a.date, "the author's own calendar day")
	assert.Equal(t, []string{"Dana", "Bob, Jr", "Carol"}, a.reviewedBy, "names only, commas kept")
	assert.Equal(t, "Subject with \x1f in it", a.subject)
	assert.Equal(t, []change{{"M", "policies/a.md"}, {"A", "\x1elooks like a header.md"}, {"D", "\nnewline.md"}}, a.changes)

	assert.Equal(t, []string{"ccc", "ddd"}, commits[1].parents)
	assert.Equal(t, []change{{"MM", "policies/a.md"}}, commits[1].changes)
	assert.Empty(t, commits[2].changes)
	assert.Empty(t, commits[2].parents)
	assert.Equal(t, []string{}, commits[2].reviewedBy)
}

func TestParseLogRejectsWhatItDoesNotKnow(t *testing.T) {
	for name, out := range map[string]string{
		"garbage":          "commit abc\n",
		"status first":     "M\x00a.md\x00",
		"short header":     "\x1eaaa\x1fbbb\x00",
		"bad date":         "\x1eaaa\x1f\x1fA\x1fyesterday\x1f\x1fs\x00",
		"status, no path":  "\x1eaaa\x1f\x1fA\x1f2026-01-01T00:00:00Z\x1f\x1fs\x00\nM",
		"lowercase status": "\x1eaaa\x1f\x1fA\x1f2026-01-01T00:00:00Z\x1f\x1fs\x00\nm\x00a\x00",
	} {
		_, err := parseLog([]byte(out))
		assert.Error(t, err, name)
	}
}

func TestHasSignature(t *testing.T) {
	assert.True(t, hasSignature([]byte("tree t\nauthor a\ngpgsig -----BEGIN PGP SIGNATURE-----\n x\n\nmsg\n")))
	assert.True(t, hasSignature([]byte("tree t\ngpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n\nmsg\n")))
	assert.False(t, hasSignature([]byte("tree t\nauthor a\n\ngpgsig in the message does not count\n")))
	assert.False(t, hasSignature([]byte("tree t\nmergetag object x\n\nmsg\n")), "a merged signed tag is not a signed commit")
}
