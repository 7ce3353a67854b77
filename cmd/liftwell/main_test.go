package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/liftwell/liftwell/internal/site"
	"github.com/liftwell/liftwell/internal/testfix"
)

// The build tests run the command as a user would, in a workspace of
// their own: the site package's fixture (content and small templates) in
// content/ and templates/, and a tiny Go module whose ./wasm stands in for
// the checker, so that the real compile step runs but stays quick.

const (
	fixture    = "../../internal/site/testdata/site"
	errorCases = "../../internal/site/testdata/errors/*.txtar"
)

// fixtureDir is the fixture's absolute path, found before any test
// changes directory.
var fixtureDir, _ = filepath.Abs(fixture)

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// workspace makes a workspace in a temporary directory and changes into
// it for the rest of the test.
func workspace(t *testing.T) string {
	t.Helper()
	if fixtureDir == "" {
		t.Fatal("no fixture")
	}
	dir := t.TempDir()
	testfix.CopyTree(t, fixtureDir, dir)
	for name, data := range map[string]string{
		"go.mod":                   "module liftwell.test/fake\n\ngo 1.21\n",
		"wasm/main.go":             "package main\n\nfunc main() {}\n",
		"internal/checker/doc.go":  "package checker\n",
		"internal/painlog/doc.go":  "package painlog\n",
		"README.md":                "A workspace of the tests.\n",
		"content/articles/.keep":   "hidden files are skipped\n",
		"notes/not-the-output.txt": "kept\n",
	} {
		writeFile(t, filepath.Join(dir, name), []byte(data))
	}
	t.Chdir(dir)
	return dir
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fileState is a file's bytes and modification time.
type fileState struct {
	data    string
	modTime time.Time
}

// snapshot records every file below dir (slash paths), and every
// directory as a path ending in "/".
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	m := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			m[rel+"/"] = fileState{}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			m[rel] = fileState{data: "a link to " + target}
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		m[rel] = fileState{string(data), fi.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// compareSnapshots reports files added, removed, changed or rewritten.
func compareSnapshots(t *testing.T, what string, before, after map[string]fileState) {
	t.Helper()
	n := 0
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			t.Errorf("%s: %s was removed", what, p)
		case a.data != b.data:
			t.Errorf("%s: %s changed", what, p)
		case !a.modTime.Equal(b.modTime):
			t.Errorf("%s: %s was rewritten", what, p)
		default:
			continue
		}
		if n++; n > 10 {
			t.Fatal("too many differences")
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s was added", what, p)
		}
	}
}

// TestBuild builds the workspace twice into site/ under /liftwell/: both
// succeed silently, the output has the pages, the compiled module and the
// marker, the second is byte-identical to the first, and nothing outside
// site/ changed but the lock file beside it.
func TestBuild(t *testing.T) {
	dir := workspace(t)
	before := snapshot(t, dir)
	args := []string{"build", "-out", "site", "-base", "/liftwell/", "-origin", "https://example.github.io"}
	code, stdout, stderr := runCmd(args...)
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("build: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	first := snapshot(t, filepath.Join(dir, "site"))
	for _, p := range []string{"index.html", "articles/sore-or-hurt/index.html", "exercises/bridge/index.html", "checker/rules/index.html", "sitemap.xml", "feed.xml", "sw.js", ".liftwell-site"} {
		if _, ok := first[p]; !ok {
			t.Errorf("no %s in the output", p)
		}
	}
	if !strings.Contains(first["index.html"].data, `href="/liftwell/exercises/"`) || !strings.Contains(first["sitemap.xml"].data, "https://example.github.io/liftwell/") {
		t.Error("the output is not built for /liftwell/ at https://example.github.io")
	}
	modules := 0
	for p, f := range first {
		if strings.HasPrefix(p, "assets/checker.") && strings.HasSuffix(p, ".wasm") {
			modules++
			if !strings.HasPrefix(f.data, "\x00asm") || len(f.data) < 1000 {
				t.Errorf("%s is not a compiled WebAssembly module (%d bytes)", p, len(f.data))
			}
		}
	}
	if modules != 1 {
		t.Errorf("%d checker modules in the output, want 1", modules)
	}
	// The rules page shows the checker's real rule table.
	if !strings.Contains(first["checker/rules/index.html"].data, `class="hl-`) {
		t.Error("the rules page shows no highlighted source")
	}

	if code, _, stderr := runCmd(args...); code != 0 || stderr != "" {
		t.Fatalf("second build: exit %d\n%s", code, stderr)
	}
	second := snapshot(t, filepath.Join(dir, "site"))
	if len(first) != len(second) {
		t.Errorf("second build has %d files, first %d", len(second), len(first))
	}
	for p, f := range first {
		if second[p].data != f.data {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}

	after := snapshot(t, dir)
	for p := range after {
		if strings.HasPrefix(p, "site/") || p == ".site.lock" {
			delete(after, p)
		}
	}
	compareSnapshots(t, "outside the output", before, after)
}

// TestBuildErrors runs each bad-input case of the site package (the
// fixture with the case's changes) through the command, over a good site
// built before: the command must exit 1, print exactly the case's errors
// (file:line:col: message, one a line) and say the output is unchanged,
// and every file of the good site must be as it was.
func TestBuildErrors(t *testing.T) {
	cases, err := filepath.Glob(errorCases)
	if err != nil || len(cases) < 10 {
		t.Fatalf("error cases: %v %v", cases, err)
	}
	for i := range cases {
		if cases[i], err = filepath.Abs(cases[i]); err != nil {
			t.Fatal(err)
		}
	}
	// One good build, copied into each case's workspace.
	good := workspace(t)
	if code, _, stderr := runCmd("build", "-out", "site"); code != 0 {
		t.Fatalf("good build: exit %d\n%s", code, stderr)
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := workspace(t)
			testfix.CopyTree(t, filepath.Join(good, "site"), filepath.Join(dir, "site"))
			c := testfix.ParseCase(t, ar, "want")
			c.ApplyDir(t, dir)
			args := []string{"build", "-out", "site", "-base", c.Base}
			if c.RenderTimeout != 0 {
				args = append(args, "-render-timeout", c.RenderTimeout.String())
			}
			testHookConfig = func(cfg *site.Config) { cfg.RenderExpired = testfix.LoopDeadline(c.LoopSteps) }
			defer func() { testHookConfig = nil }()
			want := testfix.Section(ar, "want")
			if want == nil {
				t.Fatal("case has no want section")
			}
			before := snapshot(t, filepath.Join(dir, "site"))
			code, stdout, stderr := runCmd(args...)
			if code != 1 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
			}
			if wantErr := string(want.Data) + "liftwell build: failed; site is unchanged\n"; stderr != wantErr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
			}
			compareSnapshots(t, "site", before, snapshot(t, filepath.Join(dir, "site")))
			if entries, _ := os.ReadDir(dir); len(entries) != 8 { // the workspace's own
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("workspace holds %v", names)
			}
		})
	}
}

// TestBuildRefusesOutput: the builder will not replace a folder it did
// not write (the workspace itself, its content, a folder above it) and
// changes nothing when it refuses.
func TestBuildRefusesOutput(t *testing.T) {
	dir := workspace(t)
	before := snapshot(t, dir)
	for out, want := range map[string]string{
		".":         "output directory . holds the working directory",
		"..":        "output directory .. holds the working directory",
		"content":   "output directory content holds files that liftwell did not write",
		"templates": "output directory templates holds files that liftwell did not write",
		"notes":     "output directory notes holds files that liftwell did not write",
	} {
		code, _, stderr := runCmd("build", "-out", out)
		if code != 2 || !strings.HasPrefix(stderr, "liftwell build: "+want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("build -out %s: exit %d\n%s", out, code, stderr)
		}
	}
	compareSnapshots(t, "workspace", before, snapshot(t, dir))
}

// TestBuildOutputChecks: an output that is a link, or a built site to
// which someone added a file, is refused as bad usage before any work,
// and left as it was; so is an empty -out.
func TestBuildOutputChecks(t *testing.T) {
	dir := workspace(t)
	if code, _, stderr := runCmd("build", "-out", "real"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	writeFile(t, filepath.Join(dir, "real", "CNAME"), []byte("liftwell.example\n"))
	if err := os.Symlink("real", "site"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	for out, want := range map[string]string{
		"site": "liftwell build: output folder site is a symbolic link (to real): liftwell does not follow it; give the folder itself\n",
		"real": "liftwell build: output directory real holds files that liftwell did not write: CNAME; a build replaces the whole folder, so it stops rather than delete them (move them elsewhere, then build again)\n",
		"":     "liftwell build: the output folder is empty: give one, like -out site\n",
	} {
		start := time.Now()
		code, stdout, stderr := runCmd("build", "-out", out)
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("build -out %q: exit %d\n%s\nwant 2 and\n%s", out, code, stderr, want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("build -out %q took %v: not refused before the work", out, d)
		}
	}
	compareSnapshots(t, "workspace", before, snapshot(t, dir))
}

// TestBuildConcurrent runs two builds into one output at once: both
// succeed, and the output is a whole site with nothing left beside it.
func TestBuildConcurrent(t *testing.T) {
	dir := workspace(t)
	if code, _, stderr := runCmd("build"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	want := snapshot(t, filepath.Join(dir, "site"))
	codes := make(chan string, 2)
	for range 2 {
		go func() {
			code, _, stderr := runCmd("build")
			codes <- strconv.Itoa(code) + " " + stderr
		}()
	}
	for range 2 {
		if got := <-codes; got != "0 " && !strings.HasPrefix(got, "0 liftwell build: waiting for another build writing site to finish") {
			t.Errorf("concurrent build: %s", got)
		}
	}
	got := snapshot(t, filepath.Join(dir, "site"))
	for p, f := range want {
		if got[p].data != f.data {
			t.Errorf("%s differs after concurrent builds", p)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(dir, ".site*"))
	if len(entries) != 1 || filepath.Base(entries[0]) != ".site.lock" {
		t.Errorf("beside the output: %v", entries)
	}
}

// TestUsage checks the exit status 2 of bad usage, with a message, and
// that help goes to stdout with status 0.
func TestUsage(t *testing.T) {
	workspace(t)
	for _, tc := range []struct {
		args []string
		want string // in stderr
	}{
		{nil, "usage:"},
		{[]string{"publish"}, `liftwell: unknown command "publish"`},
		{[]string{"build", "-nope"}, "flag provided but not defined: -nope"},
		{[]string{"build", "-base", "liftwell"}, `liftwell build: base path "liftwell" must start and end with a slash`},
		{[]string{"build", "-base", "/liftwell"}, `base path "/liftwell" must start and end with a slash`},
		{[]string{"build", "-base"}, "flag needs an argument: -base"},
		{[]string{"build", "site"}, `liftwell build: unexpected argument "site"`},
		{[]string{"serve", "-nope"}, "flag provided but not defined: -nope"},
		{[]string{"build", "-origin", "ftp://example.org"}, `liftwell build: origin "ftp://example.org" must be an http or https URL with a host and no path, like https://user.github.io`},
		{[]string{"build", "-origin", "example.org"}, `origin "example.org" must be an http or https URL`},
		{[]string{"build", "-origin", "https://"}, `origin "https://" must be`},
		{[]string{"build", "-origin", "https://example.org/liftwell/"}, `origin "https://example.org/liftwell/" must be`},
		{[]string{"build", "-origin", "https://example.org?x"}, `origin "https://example.org?x" must be`},
		{[]string{"serve", "-origin", "localhost:8080"}, `liftwell serve: origin "localhost:8080" must be`},
		{[]string{"serve", "-addr", "localhost"}, `liftwell serve: -addr "localhost" must be host:port, like localhost:8080 or :8080`},
		{[]string{"build", "-content", "nowhere"}, "liftwell build: no folder nowhere (see -content) in "},
		{[]string{"serve", "-templates", "nowhere"}, "liftwell serve: no folder nowhere (see -templates) in "},
	} {
		code, stdout, stderr := runCmd(tc.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	if _, err := os.Stat("site"); err == nil {
		t.Error("bad usage wrote site/")
	}
	// Away from the repository root: one clear message.
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCmd("build")
	if wd, _ := os.Getwd(); code != 2 || stdout != "" || stderr != "liftwell build: no folder content (see -content), templates (see -templates), wasm (the checker's WebAssembly entry point) in "+wd+": run liftwell from the root of the Liftwell repository\n" {
		t.Errorf("build away from the root: exit %d, %q", code, stderr)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("build away from the root wrote %v", entries)
	}
	code, stdout, stderr = runCmd("help")
	if code != 0 || !strings.HasPrefix(stdout, "usage:") || stderr != "" {
		t.Errorf("help: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestBuildVerbose checks that -v reports every stage and the total, and
// that -cpuprofile writes a profile.
func TestBuildVerbose(t *testing.T) {
	dir := workspace(t)
	prof := filepath.Join(dir, "cpu.prof")
	code, stdout, stderr := runCmd("build", "-v", "-cpuprofile", prof)
	if code != 0 || stdout != "" {
		t.Fatalf("build -v: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, stage := range []string{"load", "templates", "assets", "render", "files", "links", "write", "total"} {
		if !regexp.MustCompile(`(?m)^` + stage + ` +[0-9]+\.[0-9] ms`).MatchString(stderr) {
			t.Errorf("no time for stage %q in:\n%s", stage, stderr)
		}
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
		t.Errorf("no CPU profile written: %v", err)
	}
	if code, _, stderr := runCmd("build", "-cpuprofile", filepath.Join(dir, "no", "such", "dir", "p")); code != 2 || !strings.Contains(stderr, "no such file") {
		t.Errorf("a profile that cannot be written: exit %d, %q; want 2 and the reason", code, stderr)
	}
}

// TestBuildAllErrors: a build with 180 errors prints all 180 (it once
// printed 50 and stopped), each once, in the order of the lines.
func TestBuildAllErrors(t *testing.T) {
	dir := workspace(t)
	p := filepath.Join(dir, "content", "articles", "sore-or-hurt.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(data), "\n")
	var add strings.Builder
	for i := range 180 {
		fmt.Fprintf(&add, "\nSee [page %d](/nope-%d/).\n", i, i)
	}
	writeFile(t, p, append(data, add.String()...))
	code, _, stderr := runCmd("build")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(got) != 181 || got[180] != "liftwell build: failed; site is unchanged" {
		t.Fatalf("%d lines, want 180 errors and the last line:\n%s", len(got), stderr)
	}
	for i, line := range got[:180] {
		want := fmt.Sprintf("content/articles/sore-or-hurt.md:%d:5: broken link \"/nope-%d/\": no such page or file", lines+2+2*i, i)
		if line != want {
			t.Fatalf("line %d: %q, want %q", i+1, line, want)
		}
	}
}
