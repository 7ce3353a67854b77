//go:build !js

package main

// These tests run on the host (go test ./wasm/): they build the module and
// look at it from outside. Its size budget is checked once, on the module
// as the site serves it (internal/site's TestModuleBudget). The tests of the glue itself are in main_test.go
// and run under Node (see there).

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/checker/checkertest"
	"github.com/liftwell/liftwell/internal/testfix"
)

func goCmd(t *testing.T, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, err.(*exec.ExitError).Stderr)
	}
	return out
}

var wasmEnv = []string{"GOOS=js", "GOARCH=wasm"}

// TestImports keeps fmt, encoding/json and reflect out of the module: each
// would add hundreds of kilobytes.
func TestImports(t *testing.T) {
	deps := strings.Fields(string(goCmd(t, wasmEnv, "list", "-deps", ".")))
	for _, d := range deps {
		switch d {
		case "fmt", "encoding/json", "reflect":
			t.Errorf("the WebAssembly module links %s; use strings and strconv", d)
		}
	}
	if len(deps) < 10 {
		t.Fatalf("go list -deps gave too little: %v", deps)
	}
}

var (
	buildOnce sync.Once
	module    string
	buildErr  []byte
)

// build builds the module the way the site does, once per test run.
func build(t *testing.T) string {
	if testing.Short() {
		t.Skip("builds the module; skipped with -short")
	}
	buildOnce.Do(func() {
		module = filepath.Join(os.TempDir(), "liftwell-test-"+strings.TrimPrefix(filepath.Base(t.TempDir()), "Test")+".wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", module, ".")
		cmd.Env = append(os.Environ(), wasmEnv...)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = append(out, err.Error()...)
		}
	})
	if buildErr != nil {
		t.Fatalf("building the module: %s", buildErr)
	}
	return module
}

func TestMain(m *testing.M) {
	code := m.Run()
	if module != "" {
		os.Remove(module)
	}
	os.Exit(code)
}

// TestNode starts the real module under Node with Go's wasm_exec.js, waits
// for liftwellReady, and compares one call with checker.Assess.
func TestNode(t *testing.T) {
	wasm := build(t)
	node, err := exec.LookPath("node")
	testfix.Need(t, err == nil, "node is not installed")
	execJS := filepath.Join(strings.TrimSpace(string(goCmd(t, nil, "env", "GOROOT"))), "lib", "wasm", "wasm_exec.js")
	answers := map[string]string{"age": "34", "leg_pain": "yes", "onset": "during_lift", "days": "4", "warmed_up": "no"}
	in, _ := json.Marshal(answers)
	script := `
require(process.argv[1]);
const fs = require("fs");
const go = new Go();
let exited = false;
WebAssembly.instantiate(fs.readFileSync(process.argv[2]), go.importObject).then(({instance}) => {
  go.run(instance).then(() => { exited = true; });
  if (globalThis.liftwellReady !== true) throw new Error("liftwellReady is not set");
  const out = {ok: liftwellAssess(JSON.parse(process.argv[3])), bad: liftwellAssess({age: "old"}), exited};
  console.log(JSON.stringify(out));
  process.exit(0);
});
`
	out, err := exec.Command(node, "-e", script, execJS, wasm, string(in)).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got struct {
		OK     checker.Result
		Bad    struct{ Error string }
		Exited bool
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %s: %v", out, err)
	}
	// The module leaves out the words that depend only on the level, the
	// rules or the tips (its page shows them from checker.PageData).
	want, _ := checker.Assess(answers)
	wantJSON, _ := json.Marshal(checkertest.ModuleView(want))
	gotJSON, _ := json.Marshal(checkertest.ModuleView(got.OK))
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("module under Node:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if !strings.Contains(got.Bad.Error, `answer age="old" is not an answer to this question`) || got.Exited {
		t.Errorf("bad input: %+v", got)
	}
}
