package ismscheck_test

// These tests run the steps of action.yml locally, the way the GitHub runner runs a composite
// action: each `run:` step with bash, its env evaluated from the inputs and earlier steps'
// outputs, and the runner's environment files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV,
// GITHUB_PATH) read back after each step. `uses:` steps are not run: setup-go is the local
// toolchain, and the SARIF upload is checked by its condition and inputs.

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ismscheck/ismscheck/internal/results"
)

type actionMetadata struct {
	Inputs map[string]struct {
		Default  string `yaml:"default"`
		Required bool   `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func readAction(t *testing.T) actionMetadata {
	t.Helper()
	raw, err := os.ReadFile("action.yml")
	require.NoError(t, err)
	var meta actionMetadata
	require.NoError(t, yaml.Unmarshal(raw, &meta))
	require.Equal(t, "composite", meta.Runs.Using)
	return meta
}

// actionRun is what one run of the action left behind.
type actionRun struct {
	exitCode int               // of the failing step, else 0
	outputs  map[string]string // the action's outputs
	steps    map[string]map[string]string
	summary  string                       // every step's GITHUB_STEP_SUMMARY, in order
	log      string                       // every step's stdout and stderr
	uses     map[string]map[string]string // uses: steps that would run, by action, with their inputs
}

// runner runs the action's steps against one workspace.
type runner struct {
	t          *testing.T
	meta       actionMetadata
	inputs     map[string]string
	actionPath string
	workspace  string
	temp       string
	env        map[string]string // added by GITHUB_ENV
	path       []string          // added by GITHUB_PATH, latest first
	run        actionRun
}

func runAction(t *testing.T, workspace string, inputs map[string]string) actionRun {
	t.Helper()
	meta := readAction(t)
	for name := range inputs {
		_, declared := meta.Inputs[name]
		require.True(t, declared, "input %q is not declared in action.yml", name)
	}
	actionPath, err := filepath.Abs(".")
	require.NoError(t, err)
	r := &runner{t: t, meta: meta, inputs: inputs, actionPath: actionPath, workspace: workspace, temp: t.TempDir(),
		env: map[string]string{}, run: actionRun{steps: map[string]map[string]string{}, uses: map[string]map[string]string{}}}
	for i, step := range meta.Runs.Steps {
		if step.If != "" && !r.condition(step.If) {
			continue
		}
		if step.Uses != "" {
			with := map[string]string{}
			for k, v := range step.With {
				with[k] = r.expand(v)
			}
			action, _, _ := strings.Cut(step.Uses, "@")
			r.run.uses[action] = with
			continue
		}
		if code := r.runStep(i, step); code != 0 {
			r.run.exitCode = code
			break
		}
	}
	r.run.outputs = map[string]string{}
	for name, o := range meta.Outputs {
		r.run.outputs[name] = r.expand(o.Value)
	}
	return r.run
}

func (r *runner) runStep(i int, step actionStep) int {
	t := r.t
	require.Equal(t, "bash", step.Shell, "step %q: a composite run step names its shell", step.Name)
	dir := filepath.Join(r.temp, "_runner", strconv.Itoa(i))
	require.NoError(t, os.MkdirAll(dir, 0o755))
	files := map[string]string{}
	for _, name := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH"} {
		files[name] = filepath.Join(dir, strings.ToLower(name))
		require.NoError(t, os.WriteFile(files[name], nil, 0o644))
	}
	script := filepath.Join(dir, "step.sh")
	require.NoError(t, os.WriteFile(script, []byte(step.Run), 0o755))

	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for k, v := range r.env {
		env[k] = v
	}
	for k, v := range files {
		env[k] = v
	}
	env["GITHUB_ACTION_PATH"] = r.actionPath
	env["GITHUB_WORKSPACE"] = r.workspace
	env["RUNNER_TEMP"] = r.temp
	env["GITHUB_ACTIONS"] = "true"
	if len(r.path) > 0 {
		env["PATH"] = strings.Join(r.path, string(os.PathListSeparator)) + string(os.PathListSeparator) + env["PATH"]
	}
	for k, v := range step.Env {
		env[k] = r.expand(v)
	}
	// The runner's command line for `shell: bash`.
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = r.workspace
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	r.run.log += "## " + step.Name + "\n" + out.String()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err, step.Name)
	}

	outputs := parseEnvFile(t, files["GITHUB_OUTPUT"])
	if step.ID != "" {
		r.run.steps[step.ID] = outputs
	}
	for k, v := range parseEnvFile(t, files["GITHUB_ENV"]) {
		r.env[k] = v
	}
	raw, err := os.ReadFile(files["GITHUB_PATH"])
	require.NoError(t, err)
	for _, p := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if p != "" {
			r.path = append([]string{p}, r.path...)
		}
	}
	summary, err := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
	require.NoError(t, err)
	r.run.summary += string(summary)
	return code
}

var expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expand replaces the ${{ }} expressions action.yml uses: inputs, steps' outputs, and the
// github context of a composite action. Anything else fails the test rather than pass as "".
func (r *runner) expand(s string) string {
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		return r.value(expression.FindStringSubmatch(m)[1])
	})
}

func (r *runner) value(ref string) string {
	parts := strings.Split(ref, ".")
	switch {
	case len(parts) == 2 && parts[0] == "inputs":
		in, declared := r.meta.Inputs[parts[1]]
		require.True(r.t, declared, "action.yml refers to undeclared input %q", parts[1])
		if v, given := r.inputs[parts[1]]; given {
			return v
		}
		return in.Default
	case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
		return r.run.steps[parts[1]][parts[3]]
	case ref == "github.action_path":
		return r.actionPath
	case ref == "github.action_ref":
		return "" // a local action (uses: ./) has no ref
	case ref == "runner.temp":
		return r.temp
	}
	r.t.Fatalf("the local runner cannot evaluate ${{ %s }}", ref)
	return ""
}

// condition evaluates an `if:` made of `operand == 'literal'` or `!=` terms joined by &&.
func (r *runner) condition(expr string) bool {
	expr = strings.TrimSpace(expr)
	if m := expression.FindStringSubmatch(expr); m != nil && m[0] == expr {
		expr = m[1]
	}
	for _, term := range strings.Split(expr, "&&") {
		term = strings.TrimSpace(term)
		op := "=="
		left, right, ok := strings.Cut(term, " == ")
		if !ok {
			op = "!="
			left, right, ok = strings.Cut(term, " != ")
		}
		require.True(r.t, ok, "the local runner cannot evaluate if: %s", expr)
		right = strings.TrimSpace(right)
		require.True(r.t, strings.HasPrefix(right, "'") && strings.HasSuffix(right, "'"), "if: %s compares with a literal", expr)
		equal := r.value(strings.TrimSpace(left)) == strings.Trim(right, "'")
		if equal != (op == "==") {
			return false
		}
	}
	return true
}

// parseEnvFile reads the runner's environment-file format: name=value lines and
// name<<DELIMITER blocks.
func parseEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var value []string
			closed := false
			for sc.Scan() {
				if sc.Text() == delim {
					closed = true
					break
				}
				value = append(value, sc.Text())
			}
			require.True(t, closed, "%s: %s<<%s is never closed", path, name, delim)
			out[name] = strings.Join(value, "\n")
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		require.True(t, ok, "%s: line %q is neither name=value nor name<<DELIMITER", path, line)
		out[name] = value
	}
	return out
}

// acmeWorkspace is a checkout of an ISMS repository: the example, at the workspace root.
func acmeWorkspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("examples/acme")))
	return dir
}

func readResults(t *testing.T, path string) *results.Results {
	t.Helper()
	r, err := results.Read(path)
	require.NoError(t, err)
	return r
}

// assertOutputsMatch checks the action's outputs against the results JSON it wrote.
func assertOutputsMatch(t *testing.T, run actionRun) *results.Results {
	t.Helper()
	require.NotEmpty(t, run.outputs["results"], run.log)
	r := readResults(t, run.outputs["results"])
	for _, grade := range results.Grades {
		assert.Equal(t, strconv.Itoa(r.Summary.Grades[grade]), run.outputs[grade], "output %s", grade)
	}
	assert.Equal(t, strconv.Itoa(r.Summary.Statuses[results.StatusError]), run.outputs["error"])
	assert.Equal(t, r.Readiness.Verdict, run.outputs["readiness"])
	return r
}

func TestActionGatesAndReports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ismscheck and audits the example several times")
	}
	workspace := acmeWorkspace(t)

	// The example has 1 major, 3 minor, 2 observations and 1 OFI (examples/acme/EXPECTED.md).
	failing := runAction(t, workspace, map[string]string{
		"fail-on": "minor", "as-of": "2026-11-21", "formats": "junit, json,text", "upload-sarif": "true",
	})
	assert.Equal(t, 1, failing.exitCode, "a minor fails the gate at fail-on minor\n%s", failing.log)
	assert.Equal(t, "1", failing.outputs["exit-code"])
	r := assertOutputsMatch(t, failing)
	assert.Equal(t, map[string]string{"major": "1", "minor": "3", "observation": "2", "ofi": "1"},
		map[string]string{"major": failing.outputs["major"], "minor": failing.outputs["minor"], "observation": failing.outputs["observation"], "ofi": failing.outputs["ofi"]})
	assert.Equal(t, "not_ready", failing.outputs["readiness"])
	assert.Equal(t, "2026-11-21", r.Run.AsOf)
	assert.Contains(t, failing.summary, "**Verdict: NOT READY**", "the job summary is the Markdown report")
	assert.Contains(t, failing.summary, "DOC-23")
	assert.Contains(t, failing.log, "gate failed: a finding at or above minor")
	for _, name := range []string{"ismscheck.junit.xml", "ismscheck.txt", "ismscheck.sarif", "results.json"} {
		assert.FileExists(t, filepath.Join(failing.outputs["report-dir"], name))
	}
	assert.NoFileExists(t, filepath.Join(failing.outputs["report-dir"], "ismscheck.json"), "json is results.json itself")
	// upload-sarif: the upload step's condition holds and it is given the SARIF report.
	upload, ran := failing.uses["github/codeql-action/upload-sarif"]
	require.True(t, ran, "the SARIF upload runs when asked")
	assert.Equal(t, failing.outputs["sarif"], upload["sarif_file"])
	assert.Contains(t, readFile(t, upload["sarif_file"]), `"version": "2.1.0"`)
	assert.Equal(t, "ismscheck", upload["category"])
	assert.Contains(t, failing.uses, "actions/setup-go")
	assert.FileExists(t, failing.outputs["ismscheck"], "the binary built from the action's checkout")

	t.Run("fail-on none passes and still reports", func(t *testing.T) {
		passing := runAction(t, workspace, map[string]string{"fail-on": "none", "as-of": "2026-11-21"})
		assert.Equal(t, 0, passing.exitCode, passing.log)
		assert.Equal(t, "0", passing.outputs["exit-code"])
		assertOutputsMatch(t, passing)
		assert.Equal(t, "1", passing.outputs["major"])
		assert.Contains(t, passing.summary, "**Verdict: NOT READY**")
		assert.NotContains(t, passing.uses, "github/codeql-action/upload-sarif", "no upload unless asked")
		assert.Empty(t, passing.outputs["sarif"])
	})

	t.Run("extra-args over several lines all reach the audit", func(t *testing.T) {
		history := filepath.Join(t.TempDir(), "history")
		run := runAction(t, workspace, map[string]string{"fail-on": "none", "as-of": "2026-11-21",
			"extra-args": "--allow-incomplete\n--history " + history + "\n--history-keep 5\n"})
		assert.Equal(t, 0, run.exitCode, run.log)
		stored, err := filepath.Glob(filepath.Join(history, "2026-11-21_*.json"))
		require.NoError(t, err)
		assert.Len(t, stored, 1, "--history on the second line was passed on")
	})

	t.Run("a baseline fails only on what is new", func(t *testing.T) {
		baseline := filepath.Join(t.TempDir(), "baseline.json")
		require.NoError(t, os.WriteFile(baseline, []byte(readFile(t, failing.outputs["results"])), 0o644))
		same := runAction(t, workspace, map[string]string{"fail-on": "minor", "as-of": "2026-11-21", "baseline": baseline})
		assert.Equal(t, 0, same.exitCode, "nothing new since the baseline\n%s", same.log)
		assert.Equal(t, "3", same.outputs["minor"], "the counts are still the whole picture")

		// A new minor: another procedure loses its approver.
		changed := acmeWorkspace(t)
		edited := strings.Replace(readFile(t, filepath.Join(changed, "procedures/change-management-procedure.md")), "approver: Priya Raman\n", "", 1)
		require.NoError(t, os.WriteFile(filepath.Join(changed, "procedures/change-management-procedure.md"), []byte(edited), 0o644))
		regressed := runAction(t, changed, map[string]string{"fail-on": "minor", "as-of": "2026-11-21", "baseline": baseline})
		assert.Equal(t, 1, regressed.exitCode, "a new minor against the baseline fails\n%s", regressed.log)
		assert.Equal(t, "4", regressed.outputs["minor"])
	})

	t.Run("merged evidence bundles are evaluated like an audit", func(t *testing.T) {
		bundle := filepath.Join(workspace, "bundles", "isms")
		collect := exec.Command(failing.outputs["ismscheck"], "collect", ".", "--only", "isms", "--out", bundle)
		collect.Dir = workspace
		out, err := collect.CombinedOutput()
		require.NoError(t, err, string(out))
		merged := runAction(t, workspace, map[string]string{"evidence": "bundles/*", "as-of": "2026-11-21"})
		assert.Equal(t, 1, merged.exitCode, "the major fails the default gate\n%s", merged.log)
		got := assertOutputsMatch(t, merged)
		assert.Equal(t, r.Summary, got.Summary, "same findings as the audit")

		none := runAction(t, workspace, map[string]string{"evidence": "nothing-here/*"})
		assert.Equal(t, 2, none.exitCode)
		assert.Contains(t, none.log, "no bundle matches nothing-here/*")
	})

	t.Run("a broken configuration is exit 2 with a summary", func(t *testing.T) {
		broken := acmeWorkspace(t)
		require.NoError(t, os.WriteFile(filepath.Join(broken, "ismscheck.yaml"), []byte("version: 1\nrules:\n  disable: [NOPE-99]\n"), 0o644))
		run := runAction(t, broken, map[string]string{"as-of": "2026-11-21"})
		assert.Equal(t, 2, run.exitCode, run.log)
		assert.Contains(t, run.log, "NOPE-99", "the log names what is wrong")
		assert.Contains(t, run.summary, "Nothing was evaluated (exit 2)")
		assert.Empty(t, run.outputs["results"])
		assert.Empty(t, run.outputs["major"], "no counts without an evaluation, rather than zeros")
	})

	t.Run("install-only puts ismscheck on PATH and audits nothing", func(t *testing.T) {
		run := runAction(t, workspace, map[string]string{"install-only": "true"})
		assert.Equal(t, 0, run.exitCode, run.log)
		assert.Empty(t, run.outputs["results"])
		assert.Empty(t, run.summary)
		assert.Contains(t, run.log, "ismscheck is on PATH")
	})
}

func TestActionNeverInterpolatesInputsIntoScripts(t *testing.T) {
	for _, step := range readAction(t).Runs.Steps {
		assert.NotRegexp(t, `\$\{\{`, step.Run, "step %q: expressions reach scripts through env:, never inline", step.Name)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(raw)
}
