// Package testfix holds the fixtures Liftwell's tests share: copying and
// reading file trees, the small case language of txtar test archives,
// editing a file in place, a buffer two goroutines may share, the fake
// checker module that keeps builds from compiling, and the rule for a
// tool a test needs (skip without it, fail with CI=true).
//
// It is for tests only; no program imports it. Answer sets for the pain
// checker are in internal/checker/checkertest.
package testfix

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/liftwell/liftwell/internal/corpus"
)

// InCI reports whether a missing tool must fail the tests rather than skip
// them: with CI=true, as in the GitHub workflow and .ci/run.
func InCI() bool { return os.Getenv("CI") == "true" }

// Need skips t when ok is false, saying why, or fails it with CI=true:
// a test that needs a tool (a browser, Java, Node) never passes in CI by
// being skipped.
func Need(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("CI=true and %s", msg)
	}
	t.Skip(msg)
}

// CopyTree copies the folders and regular files below src into dst (other
// files, such as symbolic links, are left out), or only the entries of
// src named in names, when there are any, with corpus.CopyDir. A name src
// does not have is passed over.
func CopyTree(t testing.TB, src, dst string, names ...string) {
	t.Helper()
	if len(names) == 0 {
		names = []string{"."}
	}
	for _, name := range names {
		from := filepath.Join(src, name)
		if _, err := os.Lstat(from); err != nil {
			continue
		}
		if err := corpus.CopyDir(from, filepath.Join(dst, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// ReadTree returns the regular files below dir as an in-memory file
// system, to be changed by a test without touching dir.
func ReadTree(t testing.TB, dir string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, data := range ReadFiles(t, dir) {
		fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return fsys
}

// ReadFiles returns the regular files below dir by slash path, as a
// build's files are kept.
func ReadFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Sub returns the files of fsys below dir, as fs.Sub does, failing t on
// an error.
func Sub(t testing.TB, fsys fs.FS, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// Edit replaces the first old in the file at p with new; old must be there.
func Edit(t testing.TB, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil || !bytes.Contains(data, []byte(old)) {
		t.Fatalf("edit %s: %q not found (%v)", p, old, err)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// SyncBuffer is a bytes.Buffer that a process or server may write while a
// test reads it.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The fake checker module: builds given these bytes (site.Config's Module
// and WasmExec) compile nothing, and the tests that use them are not about
// the Go toolchain.
var (
	Module   = []byte("\x00asm\x01\x00\x00\x00 fake checker")
	WasmExec = []byte("\"use strict\";\n// wasm_exec.js stand-in\n")
)

// Section returns the file name of ar, or nil.
func Section(ar *txtar.Archive, name string) *txtar.File {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			return &ar.Files[i]
		}
	}
	return nil
}

// A Case is a txtar test archive applied to a tree: its files are written
// over the tree's, but for the sections named in Expect, which hold what
// the test expects; and its comment may hold, one a line, among prose:
//
//	base: /liftwell/              the base path to build under ("/" without)
//	render-timeout: 300ms         the build's render timeout (the default without)
//	loop-steps: 1000              the render deadline passes at the 1000th step of any one
//	                              range, not after a time (see LoopDeadline)
//	delete: path                  remove a file of the tree
//	replace: path "old" "new"     replace the first old in a file (Go-quoted; old must be there)
type Case struct {
	Base          string
	RenderTimeout time.Duration
	LoopSteps     int
	Deletes       []string
	Replaces      []Replace
	Files         []txtar.File // the tree's files, expectations left out
}

// Replace is one "replace:" line of a Case.
type Replace struct{ Path, Old, New string }

// ParseCase reads ar's comment and files; expect names the sections that
// are expectations (like "want").
func ParseCase(t testing.TB, ar *txtar.Archive, expect ...string) Case {
	t.Helper()
	c := Case{Base: "/"}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if b, ok := strings.CutPrefix(line, "base: "); ok {
			c.Base = strings.TrimSpace(b)
		}
		if d, ok := strings.CutPrefix(line, "render-timeout: "); ok {
			var err error
			if c.RenderTimeout, err = time.ParseDuration(strings.TrimSpace(d)); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
		}
		if n, ok := strings.CutPrefix(line, "loop-steps: "); ok {
			var err error
			if c.LoopSteps, err = strconv.Atoi(strings.TrimSpace(n)); err != nil || c.LoopSteps < 1 {
				t.Fatalf("%s: want a count of steps", line)
			}
		}
		if p, ok := strings.CutPrefix(line, "delete: "); ok {
			c.Deletes = append(c.Deletes, strings.TrimSpace(p))
		}
		rest, ok := strings.CutPrefix(line, "replace: ")
		if !ok {
			continue
		}
		name, rest, _ := strings.Cut(rest, " ")
		var args []string
		for range 2 {
			rest = strings.TrimSpace(rest)
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			rest = rest[len(q):]
			s, _ := strconv.Unquote(q)
			args = append(args, s)
		}
		c.Replaces = append(c.Replaces, Replace{name, args[0], args[1]})
	}
	for _, f := range ar.Files {
		if !slices.Contains(expect, f.Name) {
			c.Files = append(c.Files, f)
		}
	}
	return c
}

// LoopDeadline returns a site.Config.RenderExpired that passes the
// render deadline at the nth step of any one range (n > 1), counted by the
// range's place: a template that loops without end is stopped in its
// loop however fast or slow the machine, while the fixture's own ranges,
// which take a few steps a page, never are. It returns nil for n == 0.
func LoopDeadline(n int) func(kind, place string) bool {
	if n == 0 {
		return nil
	}
	var mu sync.Mutex
	steps := map[string]int{}
	return func(kind, place string) bool {
		if kind != "range" {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		steps[place]++
		return steps[place] >= n
	}
}

// ApplyDir applies c to the tree in dir.
func (c Case) ApplyDir(t testing.TB, dir string) {
	t.Helper()
	for _, p := range c.Deletes {
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range c.Replaces {
		Edit(t, filepath.Join(dir, r.Path), r.Old, r.New)
	}
	for _, f := range c.Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ApplyFS applies c to the tree in fsys, in memory.
func (c Case) ApplyFS(t testing.TB, fsys fstest.MapFS) {
	t.Helper()
	for _, p := range c.Deletes {
		if fsys[p] == nil {
			t.Fatalf("delete: no file %s", p)
		}
		delete(fsys, p)
	}
	for _, r := range c.Replaces {
		f := fsys[r.Path]
		if f == nil || !bytes.Contains(f.Data, []byte(r.Old)) {
			t.Fatalf("replace: %q not in %s", r.Old, r.Path)
		}
		fsys[r.Path] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(r.Old), []byte(r.New), 1), Mode: 0o644}
	}
	for _, f := range c.Files {
		fsys[path.Clean(f.Name)] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
}
