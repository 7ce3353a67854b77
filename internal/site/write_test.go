package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
	first := Files{"index.html": []byte("one"), "old/index.html": []byte("old"), "assets/a.css": []byte("a")}
	if err := Write(out, first); err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(t, readTree(t, out)); diffFiles(got, first) != "" {
		t.Fatalf("first write: %s", diffFiles(got, first))
	}
	second := Files{"index.html": []byte("two"), "assets/b.css": []byte("b"), "deep/a/b/c.txt": []byte("c")}
	if err := Write(out, second); err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(t, readTree(t, out)); diffFiles(got, second) != "" {
		t.Fatalf("second write: %s", diffFiles(got, second))
	}
	if names := listDir(t, parent); strings.Join(names, " ") != "keep.txt site" {
		t.Errorf("beside the output: %v, want keep.txt and site", names)
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
func withoutMarker(t *testing.T, f Files) Files {
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
	if err := Write(out, Files{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	if err := Write(empty, Files{"index.html": []byte("x")}); err != nil {
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
	copyDir(t, filepath.Join(fixtureSite, "content"), content)
	before := readTree(t, root)

	files := Files{"index.html": []byte("x")}
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
	good := fixtureBuild(t, fixtureConfig(fixtureSite, "/"))
	if err := Write(out, good); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	bad := Files{"a/index.html": []byte("x"), "a": []byte("file and folder")}
	if err := Write(out, bad); err == nil {
		t.Fatal("Write of an impossible tree succeeded")
	}
	if diff := diffFiles(before, readTree(t, out)); diff != "" {
		t.Errorf("failed Write changed the site: %s", diff)
	}
	if names := listDir(t, parent); strings.Join(names, " ") != "site" {
		t.Errorf("left beside the output: %v", names)
	}
}

// TestWriteFileNotFolder refuses an output path that is a file.
func TestWriteFileNotFolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "site")
	if err := os.WriteFile(p, []byte("a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, Files{"index.html": nil}); err == nil {
		t.Fatal("Write over a file succeeded")
	}
	if data, _ := os.ReadFile(p); string(data) != "a file" {
		t.Errorf("file replaced: %q", data)
	}
}
