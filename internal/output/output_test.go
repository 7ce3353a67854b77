package output

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/testfix"
)

// tree is a set of files by slash path, as Write takes them.
type tree = map[string][]byte

// makeTree writes files below dir, as a test's starting point.
func makeTree(t *testing.T, dir string, files tree) {
	t.Helper()
	for p, data := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file below dir, by slash path.
func readTree(t *testing.T, dir string) tree { return testfix.ReadFiles(t, dir) }

// diffFiles describes how two trees differ, or returns "".
func diffFiles(a, b tree) string {
	var d []string
	for _, p := range slices.Sorted(maps.Keys(a)) {
		if data, ok := b[p]; !ok {
			d = append(d, "only in first: "+p)
		} else if !bytes.Equal(data, a[p]) {
			d = append(d, "differs: "+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[p]; !ok {
			d = append(d, "only in second: "+p)
		}
	}
	return strings.Join(d, "; ")
}

// listDir returns the names in dir, for checking what Write left there.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteReplaces writes two builds into one folder: the second
// replaces the first wholly (a file it lacks is gone), with the marker,
// and nothing is left beside the folder.
func TestWriteReplaces(t *testing.T) {
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(parent, "site")
	first := tree{"index.html": []byte("one"), "old/index.html": []byte("old"), "assets/a.css": []byte("a")}
	if err := Write(out, first); err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(t, readTree(t, out)); diffFiles(got, first) != "" {
		t.Fatalf("first write: %s", diffFiles(got, first))
	}
	second := tree{"index.html": []byte("two"), "assets/b.css": []byte("b"), "deep/a/b/c.txt": []byte("c")}
	if err := Write(out, second); err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(t, readTree(t, out)); diffFiles(got, second) != "" {
		t.Fatalf("second write: %s", diffFiles(got, second))
	}
	if names := listDir(t, parent); strings.Join(names, " ") != ".site.lock keep.txt site" {
		t.Errorf("beside the output: %v, want the lock file, keep.txt and site", names)
	}
	if data, err := os.ReadFile(filepath.Join(parent, "keep.txt")); err != nil || string(data) != "mine" {
		t.Errorf("a file beside the output changed: %q %v", data, err)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode %v (%v), want 0755", fi.Mode(), err)
	}
}

// withoutMarker checks that a written tree has Write's marker file and
// returns the tree without it.
func withoutMarker(t *testing.T, f tree) tree {
	t.Helper()
	if _, ok := f[marker]; !ok {
		t.Errorf("no marker file %s", marker)
	}
	delete(f, marker)
	return f
}

// TestWriteNewFolders writes into a folder whose parent does not exist
// yet, and into an existing empty folder.
func TestWriteNewFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a", "b", "site")
	if err := Write(out, tree{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	if err := Write(empty, tree{"index.html": []byte("x")}); err != nil {
		t.Fatalf("empty folder refused: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, "index.html")); err != nil {
		t.Error(err)
	}
}

// TestWriteRefuses checks the folders Write will not replace, and that it
// leaves them as they were: one holding files it did not write (content,
// a project), the working directory and the folders above it.
func TestWriteRefuses(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	makeTree(t, content, tree{"articles/a.md": []byte("# A"), "articles/a.svg": []byte("<svg/>"), "exercises/b.yaml": []byte("name: b")})
	before := readTree(t, root)

	files := tree{"index.html": []byte("x")}
	for _, dir := range []string{content, filepath.Join(content, "articles"), root} {
		err := Write(dir, files)
		if err == nil || !strings.Contains(err.Error(), "did not write") {
			t.Errorf("Write(%s) = %v, want a refusal", dir, err)
		}
	}
	t.Chdir(content)
	for _, dir := range []string{".", "..", "./", root} {
		err := Write(dir, files)
		if err == nil {
			t.Errorf("Write(%s) from %s succeeded", dir, content)
		}
	}
	if diff := diffFiles(before, readTree(t, root)); diff != "" {
		t.Errorf("a refused Write changed files: %s", diff)
	}
	if names := listDir(t, root); strings.Join(names, " ") != "content" {
		t.Errorf("left beside: %v", names)
	}
}

// TestWriteFailureKeepsSite makes the second write fail part way (one
// file's path is another's folder) and checks that the first build is
// still there, byte for byte, with no temporary folder left over.
func TestWriteFailureKeepsSite(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	good := tree{"index.html": []byte("home"), "a/index.html": []byte("a"), "a/b/index.html": []byte("b"), "assets/s.css": []byte("css")}
	if err := Write(out, good); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	bad := tree{"a/index.html": []byte("x"), "a": []byte("file and folder")}
	if err := Write(out, bad); err == nil {
		t.Fatal("Write of an impossible tree succeeded")
	}
	if diff := diffFiles(before, readTree(t, out)); diff != "" {
		t.Errorf("failed Write changed the site: %s", diff)
	}
	if names := listDir(t, parent); strings.Join(names, " ") != ".site.lock site" {
		t.Errorf("left beside the output: %v", names)
	}
}

// TestWriteFileNotFolder refuses an output path that is a file.
func TestWriteFileNotFolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "site")
	if err := os.WriteFile(p, []byte("a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, tree{"index.html": nil}); err == nil {
		t.Fatal("Write over a file succeeded")
	}
	if data, _ := os.ReadFile(p); string(data) != "a file" {
		t.Errorf("file replaced: %q", data)
	}
}

// faultOps are the system's file operations with failures injected:
// fail says, for an operation and its paths, what error to return.
func faultOps(exchange bool, fail func(op, a, b string) error) fileOps {
	ops := fileOps{
		rename: func(a, b string) error {
			if err := fail("rename", a, b); err != nil {
				return err
			}
			return os.Rename(a, b)
		},
		removeAll: func(p string) error {
			if err := fail("removeAll", p, ""); err != nil {
				return err
			}
			return os.RemoveAll(p)
		},
	}
	if exchange {
		ops.exchange = func(a, b string) error {
			if err := fail("exchange", a, b); err != nil {
				return err
			}
			// Two renames through a third name stand in for the system's
			// exchange, which the test machine may lack.
			c := a + ".x"
			if err := os.Rename(a, c); err != nil {
				return err
			}
			if err := os.Rename(b, a); err != nil {
				return err
			}
			return os.Rename(c, b)
		}
	}
	return ops
}

// TestWriteSwapFaults makes each step of the swap fail in turn and checks
// that the error says what state the output is in, and that the state is
// that: the previous site intact, the new one in place with the previous
// one where the message says, or (both renames failing) no site with both
// trees where the message says. The next Write then succeeds and removes
// what was left.
func TestWriteSwapFaults(t *testing.T) {
	errFault := errors.New("injected fault")
	prev := tree{"index.html": []byte("previous"), "a/b.html": []byte("b")}
	next := tree{"index.html": []byte("next"), "c.html": []byte("c")}
	for _, tc := range []struct {
		name     string
		exchange bool
		fail     func(op, a, b string) error
		state    State
		outcome  string // with DIR, OLD and NEW for the paths
	}{
		{"first rename", false, func(op, a, b string) error {
			if op == "rename" && strings.HasSuffix(b, ".old") {
				return errFault
			}
			return nil
		}, Unchanged, "DIR is unchanged"},
		{"second rename, put back", false, func(op, a, b string) error {
			if op == "rename" && strings.Contains(a, ".tmp-") && !strings.HasSuffix(a, ".old") {
				return errFault
			}
			return nil
		}, Unchanged, "DIR is unchanged"},
		{"second rename, not put back", false, func(op, a, b string) error {
			if op == "rename" && strings.Contains(a, ".tmp-") {
				return errFault
			}
			return nil
		}, Missing, "DIR is missing: the previous site is in OLD and the new one in NEW; rename either to DIR"},
		{"remove the previous tree", false, func(op, a, b string) error {
			if op == "removeAll" && strings.HasSuffix(a, ".old") {
				return errFault
			}
			return nil
		}, Replaced, "the new site is in DIR, but the previous one could not be removed: it is in OLD (the next build removes it)"},
		{"exchange", true, func(op, a, b string) error {
			if op == "exchange" {
				return errFault
			}
			return nil
		}, Unchanged, "DIR is unchanged"},
		{"remove after exchange", true, func(op, a, b string) error {
			if op == "removeAll" {
				return errFault
			}
			return nil
		}, Replaced, "the new site is in DIR, but the previous one could not be removed: it is in OLD (the next build removes it)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "site")
			if err := Write(out, prev); err != nil {
				t.Fatal(err)
			}
			err := Folder{Dir: out, fs: faultOps(tc.exchange, tc.fail)}.Write(next)
			var we *Error
			if !errors.As(err, &we) || !errors.Is(err, errFault) {
				t.Fatalf("Write = %v, want an Error from the fault", err)
			}
			if we.State != tc.state {
				t.Errorf("state %d, want %d (%v)", we.State, tc.state, err)
			}
			want := strings.NewReplacer("DIR", out, "OLD", we.Old, "NEW", we.New).Replace(tc.outcome)
			if got := we.Outcome(); got != want {
				t.Errorf("outcome %q, want %q", got, want)
			}
			beside := []string{".site.lock"}
			switch tc.state {
			case Unchanged:
				if diff := diffFiles(prev, withoutMarker(t, readTree(t, out))); diff != "" {
					t.Errorf("site changed: %s", diff)
				}
				beside = append(beside, "site")
			case Replaced:
				if diff := diffFiles(next, withoutMarker(t, readTree(t, out))); diff != "" {
					t.Errorf("new site not in place: %s", diff)
				}
				if diff := diffFiles(prev, withoutMarker(t, readTree(t, we.Old))); diff != "" {
					t.Errorf("previous site not in %s: %s", we.Old, diff)
				}
				beside = append(beside, filepath.Base(we.Old), "site")
			case Missing:
				if _, err := os.Lstat(out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s exists: %v", out, err)
				}
				if diff := diffFiles(prev, withoutMarker(t, readTree(t, we.Old))); diff != "" {
					t.Errorf("previous site not in %s: %s", we.Old, diff)
				}
				if diff := diffFiles(next, withoutMarker(t, readTree(t, we.New))); diff != "" {
					t.Errorf("new site not in %s: %s", we.New, diff)
				}
				if filepath.Dir(we.Old) != parent || filepath.Dir(we.New) != parent {
					t.Errorf("trees not beside the output: %s %s", we.Old, we.New)
				}
				beside = append(beside, filepath.Base(we.New), filepath.Base(we.Old))
			}
			sort.Strings(beside)
			if names := listDir(t, parent); strings.Join(names, " ") != strings.Join(beside, " ") {
				t.Errorf("beside the output: %v, want %v", names, beside)
			}
			if tc.state == Missing {
				return // a person decides
			}
			// The next build succeeds and removes what was left.
			if err := Write(out, next); err != nil {
				t.Fatal(err)
			}
			if names := listDir(t, parent); strings.Join(names, " ") != ".site.lock site" {
				t.Errorf("after the next build, beside the output: %v", names)
			}
		})
	}
}

// TestWriteConcurrent runs several writes to one output at once: each
// succeeds (the lock makes them take turns), the output is one of them
// whole, and nothing is left beside it. Where the system swaps in one
// step, a reader never finds the output missing.
func TestWriteConcurrent(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	if err := Write(out, tree{"index.html": []byte("first")}); err != nil {
		t.Fatal(err)
	}
	trees := make([]tree, 4)
	for i := range trees {
		trees[i] = tree{"index.html": []byte("build " + strconv.Itoa(i))}
		for j := range 50 {
			trees[i]["p"+strconv.Itoa(j)+"/index.html"] = bytes.Repeat([]byte{byte('a' + i)}, 1000)
		}
	}
	stop := make(chan struct{})
	missing := make(chan int, 1)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				missing <- n
				return
			default:
			}
			if _, err := os.Lstat(out); err != nil {
				n++
			}
			time.Sleep(20 * time.Microsecond)
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range trees {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				errs <- Write(out, trees[i])
			}
		}()
	}
	wg.Wait()
	close(stop)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := <-missing; n > 0 && canExchange(t, parent) {
		t.Errorf("the output was missing %d times during the writes", n)
	}
	got := withoutMarker(t, readTree(t, out))
	if !slices.ContainsFunc(trees, func(f tree) bool { return diffFiles(got, f) == "" }) {
		t.Errorf("the output is none of the builds: %s", diffFiles(got, trees[0]))
	}
	if names := listDir(t, parent); strings.Join(names, " ") != ".site.lock site" {
		t.Errorf("beside the output: %v", names)
	}
}

// TestWriteWaits holds the output's lock as another build would: Write
// says it waits, and writes only once the lock is free.
func TestWriteWaits(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	lock := filepath.Join(parent, ".site.lock")
	f, err := os.OpenFile(lock, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if busy, err := tryLock(f); busy || err != nil {
		t.Fatal(busy, err)
	}
	waiting := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Folder{Dir: out, Waiting: func(p string) { waiting <- p }}.Write(tree{"index.html": []byte("x")})
	}()
	select {
	case p := <-waiting:
		if p != lock {
			t.Errorf("waiting for %s, want %s", p, lock)
		}
	case err := <-done:
		t.Fatalf("Write did not wait for the lock: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Write neither waited nor finished")
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := os.Stat(out); err == nil {
		t.Error("Write wrote while another held the lock")
	}
	f.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
}

// TestWriteRemovesLeftovers: temporary folders of interrupted builds
// (named like ours, holding our marker) are removed; a folder without the
// marker, a file and a link named like them are left alone, and so is
// what the link points to.
func TestWriteRemovesLeftovers(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	mk := func(p string, withMarker bool) {
		if err := os.MkdirAll(filepath.Join(p, "articles"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "articles", "index.html"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		if withMarker {
			if err := os.WriteFile(filepath.Join(p, marker), []byte(markerHeader+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk(filepath.Join(parent, ".site.tmp-111"), true)
	mk(filepath.Join(parent, ".site.tmp-222.old"), true)
	mk(filepath.Join(parent, ".site.tmp-333"), false)
	target := t.TempDir()
	mk(target, true)
	if err := os.Symlink(target, filepath.Join(parent, ".site.tmp-444")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, ".site.tmp-555"), []byte("a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, tree{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if names := listDir(t, parent); strings.Join(names, " ") != ".site.lock .site.tmp-333 .site.tmp-444 .site.tmp-555 site" {
		t.Errorf("beside the output: %v", names)
	}
	if _, err := os.Stat(filepath.Join(target, "articles", "index.html")); err != nil {
		t.Errorf("a link's target was touched: %v", err)
	}
}

// TestWriteKeepsAddedFiles: a file, a folder or a link someone added to
// a built site is never deleted: Write refuses, naming them, and changes
// nothing.
func TestWriteKeepsAddedFiles(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	first := tree{"index.html": []byte("one"), "assets/a.css": []byte("a")}
	if err := Write(out, first); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"CNAME", "assets/notes.txt"} {
		if err := os.WriteFile(filepath.Join(out, p), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(out, "drafts", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("index.html", filepath.Join(out, "link")); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	err := Write(out, tree{"index.html": []byte("two")})
	want := "output directory " + out + " holds files that liftwell did not write: CNAME, assets/notes.txt, drafts, link; "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Write = %v, want %q...", err, want)
	}
	if err := Check(out); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Check = %v", err)
	}
	if diff := diffFiles(before, readTree(t, out)); diff != "" {
		t.Errorf("a refused Write changed the site: %s", diff)
	}
}

// TestWriteRefusesSymlink: an output that is a symbolic link is refused;
// the link and what it points to are left as they were.
func TestWriteRefusesSymlink(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "real")
	if err := Write(real, tree{"index.html": []byte("one")}); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "site")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, real)
	err := Write(link, tree{"index.html": []byte("two")})
	if want := "output folder " + link + " is a symbolic link (to real)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Write = %v, want %q", err, want)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}
	if diff := diffFiles(before, readTree(t, real)); diff != "" {
		t.Errorf("the link's target changed: %s", diff)
	}
}

// TestWriteErrorNamesOutput: a file that cannot be written is named as
// it would be in the output folder, with what failed, not by the
// temporary folder's name.
func TestWriteErrorNamesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	err := Write(out, tree{"a/index.html": []byte("x"), "a": []byte("file and folder")})
	var we *Error
	if !errors.As(err, &we) || we.State != Unchanged {
		t.Fatalf("Write = %v, want an Error leaving the output unchanged", err)
	}
	msg := err.Error()
	if strings.Contains(msg, ".tmp-") || !strings.Contains(msg, filepath.Join(out, "a")+": cannot ") {
		t.Errorf("error %q does not name %s and what failed", msg, filepath.Join(out, "a"))
	}
	if err := Write(out, tree{"../escape.html": []byte("x")}); err == nil || !strings.Contains(err.Error(), "not a path inside the output folder") {
		t.Errorf("a path leaving the output: %v", err)
	}
}

// canExchange says whether the system can swap two folders in dir in one
// step (Linux can, on most file systems).
func canExchange(t *testing.T, dir string) bool {
	if exchange == nil {
		return false
	}
	a, b := filepath.Join(dir, "xa"), filepath.Join(dir, "xb")
	for _, p := range []string{a, b} {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p)
	}
	return exchange(a, b) == nil
}

// TestWriteRefusesOtherMarker: a marker file with any other first line
// (another program's, or an older liftwell's without the list) does not
// say which files liftwell wrote, so a folder holding one and a file is
// refused and left as it was, rather than replaced.
func TestWriteRefusesOtherMarker(t *testing.T) {
	for _, first := range []string{
		"written by liftwell build; the whole folder is replaced on each build",
		"something else",
		"",
	} {
		dir := filepath.Join(t.TempDir(), "site")
		makeTree(t, dir, tree{marker: []byte(first + "\nindex.html\n"), "index.html": []byte("theirs"), "notes/plan.txt": []byte("mine")})
		before := readTree(t, dir)
		err := Write(dir, tree{"index.html": []byte("ours")})
		if err == nil || !strings.Contains(err.Error(), "liftwell cannot read its marker") {
			t.Errorf("marker %q: Write = %v, want a refusal", first, err)
		}
		if err := Check(dir); err == nil {
			t.Errorf("marker %q: Check accepts the folder", first)
		}
		if diff := diffFiles(before, readTree(t, dir)); diff != "" {
			t.Errorf("marker %q: a refused Write changed the folder: %s", first, diff)
		}
	}
}
