package report

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"io"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ismscheck/ismscheck/internal/results"
)

// writeJSON writes v indented, without HTML escaping: these files are read by tools and
// people, and `<`, `>` and `&` in messages should stay legible.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// asOf is the instant the run evaluated: as_of is a date (midnight UTC) or an RFC 3339
// time. Formats that need a timestamp use it rather than the clock, so the same results
// always render to the same bytes.
func asOf(r *results.Results) time.Time {
	if t, err := time.Parse(time.RFC3339, r.Run.AsOf); err == nil {
		return t.UTC()
	}
	if t, err := time.Parse(time.DateOnly, r.Run.AsOf); err == nil {
		return t
	}
	return time.Unix(0, 0).UTC()
}

// ismsRoot is the ISMS repo directory as the run was given it ("isms:DIR" among the
// sources), when it is a relative path inside the working directory; "" otherwise.
// Finding locations are relative to that root; joining the two gives a path relative to
// where ismscheck ran, which in CI is the checkout root that code scanning resolves
// against.
func ismsRoot(r *results.Results) string {
	for _, s := range r.Run.Scope.Sources {
		dir, ok := strings.CutPrefix(s, "isms:")
		if !ok {
			continue
		}
		dir = filepath.ToSlash(filepath.Clean(dir))
		if dir == "." || !filepath.IsLocal(dir) {
			return ""
		}
		return dir
	}
	return ""
}

// repoPath joins a finding's path (relative to the ISMS root) onto the root.
func repoPath(r *results.Results, p string) string {
	if root := ismsRoot(r); root != "" {
		return path.Join(root, p)
	}
	return p
}

// nameBasedUUID is an RFC 9562 version 5 UUID: SHA-1 of a namespace and a name. Ids made
// this way are the same for the same run, so golden files and re-exports are stable, and
// differ between runs because the run id is part of every name.
func nameBasedUUID(namespace [16]byte, name string) string {
	u := uuidV5(namespace, name)
	b := hex.EncodeToString(u[:])
	return b[0:8] + "-" + b[8:12] + "-" + b[12:16] + "-" + b[16:20] + "-" + b[20:32]
}

func uuidV5(namespace [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC variant
	return u
}

// uuidNamespaceURL is RFC 9562's namespace for names that are URLs.
var uuidNamespaceURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// waiverNote says in one line which risk acceptance covers a finding.
func waiverNote(w *results.Waiver) string {
	if w == nil {
		return ""
	}
	return "waived: " + w.Justification + " (risk " + w.RiskID + ", approved by " + w.Approver + ", expires " + w.Expires + ")"
}
