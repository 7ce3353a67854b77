package wasmbuild

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSourcesCoverModule checks Sources against what the Go tool says
// the module is made of: every package of this Go module that ./wasm
// imports, for GOOS=js GOARCH=wasm, is in a folder of Sources, so that
// an edit to any of them makes the module current again (and serve
// watches it). It failed when ./wasm came to import internal/painlog.
func TestSourcesCoverModule(t *testing.T) {
	root := filepath.Join("..", "..")
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.Module.Path}} {{.Dir}}{{end}}", "./wasm")
	cmd.Dir = root
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	ours := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		mod, dir, ok := strings.Cut(line, " ")
		if !ok || mod != "github.com/liftwell/liftwell" {
			continue // another module's package: its version is in go.sum, which Key hashes
		}
		ours++
		rel, err := filepath.Rel(abs, dir)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(Sources, func(s string) bool {
			return rel == filepath.FromSlash(s) || strings.HasPrefix(rel, filepath.FromSlash(s)+string(filepath.Separator))
		}) {
			t.Errorf("./wasm is built from %s, which is not in Sources %q", rel, Sources)
		}
	}
	if ours < 2 {
		t.Errorf("go list found %d packages of ours in ./wasm, want at least wasm and internal/checker:\n%s", ours, out)
	}
}
