package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/testfix"
)

// TestPagesWorkflow checks the GitHub workflows and Dependabot's
// configuration: the facts the deployment and the pull-request checks
// depend on (Pages deploys only a push whose Test run, .ci/run with
// CI=true, passed, and from that commit; Test runs weekly; fuzzing runs
// nightly), and actionlint (with shellcheck, when installed) when it is on
// PATH or in $(go env GOPATH)/bin; without it, that part is skipped, or
// fails with CI=true. Install: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
func TestPagesWorkflow(t *testing.T) {
	for file, wants := range map[string][]string{
		"pages.yml": {
			"workflow_run:", "workflows: [Test]", "types: [completed]",
			"github.event.workflow_run.conclusion == 'success'", "github.event.workflow_run.event == 'push'",
			"ref: ${{ github.event.workflow_run.head_sha || github.sha }}",
			"actions/setup-go@", "go-version-file: go.mod",
			"actions/configure-pages@", "steps.pages.outputs.base_path", "steps.pages.outputs.base_url",
			"go run ./cmd/liftwell build -out site -base",
			"actions/upload-pages-artifact@", "path: site",
			"actions/deploy-pages@", "pages: write", "id-token: write",
		},
		"test.yml": {
			"name: Test\n", "pull_request:", "push:", "schedule:", "go-version-file: go.mod",
			`CI: "true"`, "run: bash .ci/run",
		},
		"fuzz.yml": {"schedule:", "run: make fuzz"},
		"../dependabot.yml": {
			"package-ecosystem: gomod", "package-ecosystem: npm", "package-ecosystem: github-actions",
		},
	} {
		wf := "../../.github/workflows/" + file
		data, err := os.ReadFile(wf)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			if !strings.Contains(string(data), want) {
				t.Errorf("%s: no %q", wf, want)
			}
		}
	}
	lint, err := exec.LookPath("actionlint")
	if err != nil {
		if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			p := filepath.Join(strings.TrimSpace(string(out)), "bin", "actionlint")
			if _, err := os.Stat(p); err == nil {
				lint = p
			}
		}
	}
	testfix.Need(t, lint != "", "actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12; .ci/run installs it)")
	cmd := exec.Command(lint, "-no-color", ".github/workflows/pages.yml", ".github/workflows/test.yml", ".github/workflows/fuzz.yml")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}
