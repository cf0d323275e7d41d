package git

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// signedCommits reads the given commit objects in one `git cat-file --batch` and tells which
// carry a signature header (gpgsig: OpenPGP, X.509 or SSH). The signature is not verified:
// that needs the signers' keys, which an audit run does not have, and one gpg or ssh-keygen
// process per commit. A present signature therefore counts as signed, whoever's key it is.
func signedCommits(ctx context.Context, r runner, top string, shas []string) (map[string]bool, error) {
	signed := map[string]bool{}
	if len(shas) == 0 {
		return signed, nil
	}
	in := strings.NewReader(strings.Join(shas, "\n") + "\n")
	out, err := r.run(ctx, top, in, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(bytes.NewReader(out))
	for {
		header, err := br.ReadString('\n')
		if err == io.EOF && header == "" {
			return signed, nil
		}
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			return nil, fmt.Errorf("git cat-file: commit %s is missing from the repository", f[0])
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("git cat-file: unexpected header %q", truncate(header, 60))
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: unexpected header %q", truncate(header, 60))
		}
		body := make([]byte, size+1) // the object and its trailing newline
		if _, err := io.ReadFull(br, body); err != nil {
			return nil, fmt.Errorf("git cat-file: object %s is cut short", f[0])
		}
		if f[1] == "commit" && hasSignature(body[:size]) {
			signed[f[0]] = true
		}
	}
}

// hasSignature looks for a gpgsig (SHA-1) or gpgsig-sha256 header before the message.
func hasSignature(obj []byte) bool {
	headers, _, _ := bytes.Cut(obj, []byte("\n\n"))
	for _, line := range bytes.Split(headers, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("gpgsig ")) || bytes.HasPrefix(line, []byte("gpgsig-sha256 ")) {
			return true
		}
	}
	return false
}
