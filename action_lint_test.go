package ismscheck_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// ownAction is how the example workflows use this action; the lint rewrites it to the local
// checkout (uses: ./) so actionlint checks their inputs against this action.yml.
var ownAction = regexp.MustCompile(`uses: ismscheck/ismscheck@\S+`)

// lint runs actionlint on a workflow's text as if it were at path in this repository, with
// shellcheck on the scripts when it is installed.
func lint(t *testing.T, path string, content []byte) []*actionlint.Error {
	t.Helper()
	root, err := filepath.Abs(".")
	require.NoError(t, err)
	project, err := actionlint.NewProject(root)
	require.NoError(t, err)
	opts := &actionlint.LinterOptions{WorkingDir: root}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: the scripts are linted by actionlint alone")
	}
	var out bytes.Buffer
	linter, err := actionlint.NewLinter(&out, opts)
	require.NoError(t, err)
	errs, err := linter.Lint(path, content, project)
	require.NoError(t, err)
	return errs
}

func messages(errs []*actionlint.Error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteString("\n")
	}
	return b.String()
}

func TestExampleWorkflowsLint(t *testing.T) {
	paths, err := filepath.Glob("examples/workflows/*.yml")
	require.NoError(t, err)
	require.Len(t, paths, 4, "PR gate, nightly, readiness and sharded collection")
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Regexp(t, ownAction, string(raw), "the example uses the action")
			local := ownAction.ReplaceAll(raw, []byte("uses: ./"))
			errs := lint(t, path, local)
			assert.Empty(t, errs, messages(errs))
		})
	}
}

// README's usage snippet is a valid job: its permissions and steps, run on a pull request.
func TestReadmeActionSnippetLints(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(raw), "## GitHub Action\n")
	require.True(t, ok, "README has a GitHub Action section")
	_, snippet, ok := strings.Cut(section, "```yaml\n")
	require.True(t, ok)
	snippet, _, ok = strings.Cut(snippet, "```")
	require.True(t, ok)
	require.Regexp(t, ownAction, snippet)
	var job strings.Builder
	job.WriteString("on: pull_request\njobs:\n  audit:\n    runs-on: ubuntu-latest\n")
	for _, line := range strings.Split(strings.TrimRight(snippet, "\n"), "\n") {
		job.WriteString("    " + line + "\n")
	}
	local := ownAction.ReplaceAllString(job.String(), "uses: ./")
	errs := lint(t, "README.md", []byte(local))
	assert.Empty(t, errs, messages(errs)+local)
}

// The action's own steps are linted as the steps of a reusable workflow that declares the
// same inputs: expressions, step references, contexts and (with shellcheck) the scripts.
func TestActionStepsLint(t *testing.T) {
	raw, err := os.ReadFile("action.yml")
	require.NoError(t, err)
	var action struct {
		Inputs map[string]struct {
			Description string `yaml:"description"`
			Default     string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Steps []map[string]any `yaml:"steps"`
		} `yaml:"runs"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &action))
	inputs := map[string]any{}
	for name, in := range action.Inputs {
		inputs[name] = map[string]any{"description": in.Description, "type": "string", "required": false, "default": in.Default}
	}
	workflow := map[string]any{
		"name": "action.yml steps",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"jobs": map[string]any{"action": map[string]any{"runs-on": "ubuntu-latest", "steps": action.Runs.Steps}},
	}
	text, err := yaml.Marshal(workflow)
	require.NoError(t, err)
	errs := lint(t, "action-steps.yml", text)
	assert.Empty(t, errs, messages(errs))
}

// The lint can fail: a workflow giving the action an input it does not declare, and one
// interpolating an untrusted value into a script, are both errors.
func TestLintCatchesBrokenWorkflows(t *testing.T) {
	cases := []struct {
		name, workflow, want string
		needsShellcheck      bool
	}{
		{name: "unknown input", want: `input "fail_on" is not defined in action "ismscheck"`, workflow: `
on: pull_request
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: ./
        with:
          fail_on: minor
`},
		{name: "script injection", want: "github.event.pull_request.title", workflow: `
on: pull_request
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
`},
		{name: "unknown step output", want: `property "nope" is not defined`, workflow: `
on: push
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: ./
        id: audit
      - run: echo "$X"
        env:
          X: ${{ steps.nope.outputs.major }}
`},
		{name: "unquoted variable in a script", want: "SC2086", needsShellcheck: true, workflow: `
on: push
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - run: ismscheck audit $DIR
`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := exec.LookPath("shellcheck"); err != nil && tc.needsShellcheck {
				t.Skip("shellcheck is not installed")
			}
			errs := lint(t, "broken.yml", []byte(tc.workflow))
			require.NotEmpty(t, errs)
			assert.Contains(t, messages(errs), tc.want)
		})
	}
}
