// Package cli is the ismscheck command line: audit, collect, evaluate, report and the
// catalog, rule and bundle helpers. Main returns the process exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismscheck/ismscheck/evidence"
)

// Exit codes, as DESIGN.md fixes them.
const (
	exitOK         = 0 // no finding at or above the threshold
	exitGate       = 1 // a finding at or above the threshold (verify: the bundle does not verify)
	exitUsage      = 2 // usage, config or rule error: nothing was evaluated
	exitIncomplete = 3 // no gated failure, but evidence for gated rules was incomplete
)

// usageError marks errors that mean "nothing was evaluated" (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitCode lets a command finish with a code other than 0 without printing an error.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

type app struct {
	stdout, stderr io.Writer
	logLevel       string
	log            *slog.Logger
	showProgress   bool
	progressOut    *progressPrinter
}

// progress is where collectors report how far they are: stderr when it is a terminal or
// --progress asks for it (CI logs), otherwise nowhere, so CI output stays quiet.
func (a *app) progress() evidence.ProgressFunc {
	if !a.showProgress && !isTerminal(a.stderr) {
		return nil
	}
	if a.progressOut == nil {
		a.progressOut = newProgressPrinter(a.stderr, isTerminal(a.stderr))
	}
	return a.progressOut.report
}

// Main runs the command line with args (without the program name).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := a.root()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if a.progressOut != nil {
		a.progressOut.done()
	}
	var code exitCode
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	}
	fmt.Fprintf(stderr, "ismscheck: %v\n", err)
	return exitUsage
}

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "ismscheck",
		Short: "Audit an ISO/IEC 27001:2022 ISMS as code",
		Long: `ismscheck collects evidence from an ISMS repository (and, later, GitHub and AWS), evaluates
it with Rego rules mapped to clauses 4-10 and the 93 Annex A controls, and grades findings as
an auditor does: major and minor nonconformities, observations, opportunities for improvement.

Exit codes: 0 nothing at or above --fail-on; 1 gate failed; 2 usage, config or rule error;
3 evidence incomplete for gated rules (see --allow-incomplete).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
				return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", a.logLevel)}
			}
			a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level, ReplaceAttr: redactAttr}))
			return nil
		},
	}
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	root.PersistentFlags().BoolVar(&a.showProgress, "progress", false, "report collection progress on stderr even when it is not a terminal (on a terminal it always is)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.auditCmd(), a.collectCmd(), a.evaluateCmd(), a.reportCmd(), a.controlsCmd(), a.rulesCmd(), a.verifyCmd(), a.diffCmd(), a.trendCmd(), a.permissionsCmd(), a.versionCmd())
	root.AddCommand(a.soaCmd())
	root.AddCommand(a.readinessCmd())
	root.AddCommand(a.capCmd())
	return root
}

// redactAttr keeps credentials out of logs even if a caller logs them by mistake.
func redactAttr(_ []string, attr slog.Attr) slog.Attr {
	k := strings.ToLower(attr.Key)
	for _, s := range []string{"token", "secret", "password", "authorization", "cookie", "credential"} {
		if strings.Contains(k, s) {
			return slog.String(attr.Key, "[redacted]")
		}
	}
	return attr
}

// writeTo renders into the file at path (--output), or stdout for "" and "-"; the file is
// closed either way, and a close error (a full disk) is an error.
func (a *app) writeTo(path string, render func(io.Writer) error) error {
	if path == "" || path == "-" {
		return render(a.stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return usageError{err}
	}
	if err := render(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
