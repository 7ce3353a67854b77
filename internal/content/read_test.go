package content

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writeTree makes a content folder with a valid article, exercise and
// drawing, and returns its path.
func writeTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"articles/a.md":         testArticle("A", 1, "") + "Body.\n",
		"articles/chart.svg":    testSVG,
		"exercises/bridge.yaml": strings.Replace(testExercise, "related: [cat-cow]\n", "", 1),
		"exercises/bridge.svg":  testSVG,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadWithin runs LoadDir, failing the test if it takes over 10 s (a FIFO
// opened for reading would block it for good).
func loadWithin(t *testing.T, dir string) (*Site, error) {
	t.Helper()
	type result struct {
		site *Site
		err  error
	}
	done := make(chan result, 1)
	go func() {
		s, err := LoadDir(dir)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.site, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("LoadDir did not return within 10 s")
		return nil, nil
	}
}

// TestLoadDirRefusesNonRegular: content is read only from regular files
// inside the folder. Symlinks (out of the folder, or to a device), FIFOs
// and sockets are errors naming the path, and nothing of them is read.
func TestLoadDirRefusesNonRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks, FIFOs and sockets")
	}
	dir := writeTree(t)
	if _, err := loadWithin(t, dir); err != nil {
		t.Fatalf("valid tree: %v", err)
	}
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("root:x:0:0:SECRET-LINE:/root:/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		make func(p string) error
		want string
	}{
		{"articles/leak.svg", func(p string) error { return os.Symlink(secret, p) }, "a symbolic link"},
		{"articles/passwd.svg", func(p string) error { return os.Symlink("/etc/passwd", p) }, "a symbolic link"},
		{"exercises/leak.yaml", func(p string) error { return os.Symlink(secret, p) }, "a symbolic link"},
		{"articles/leak.md", func(p string) error { return os.Symlink(secret, p) }, "a symbolic link"},
		{"articles/zero.md", func(p string) error { return os.Symlink("/dev/zero", p) }, "a symbolic link"},
		{"articles/inside.md", func(p string) error { return os.Symlink("a.md", p) }, "a symbolic link"},
		{"articles/up.svg", func(p string) error { return os.Symlink("../../secret", p) }, "a symbolic link"},
		{"articles/x.md", mkfifo, "a named pipe (FIFO)"},
		{"articles/s.svg", func(p string) error {
			l, err := net.Listen("unix", p)
			if err == nil {
				t.Cleanup(func() { l.Close() })
			}
			return err
		}, "a socket"},
	} {
		t.Run(strings.ReplaceAll(tc.name, "/", "_"), func(t *testing.T) {
			dir := writeTree(t)
			p := filepath.Join(dir, tc.name)
			if err := tc.make(p); err != nil {
				t.Skip(err)
			}
			site, err := loadWithin(t, dir)
			if err == nil {
				t.Fatalf("loaded with %s in it: %d images", tc.name, len(site.Images))
			}
			msg := err.Error()
			if want := filepath.Join(dir, tc.name) + ": " + tc.want; !strings.Contains(msg, want) {
				t.Errorf("error:\n%s\nwant a line starting %q", msg, want)
			}
			if strings.Contains(msg, "SECRET") || strings.Contains(msg, "root:") {
				t.Errorf("error quotes the file outside: %s", msg)
			}
		})
	}
}

// TestLoadDirSymlinkedFolder: articles/ as a symlink to a folder elsewhere
// is refused too.
func TestLoadDirSymlinkedFolder(t *testing.T) {
	dir := writeTree(t)
	other := writeTree(t)
	if err := os.RemoveAll(filepath.Join(dir, "articles")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(other, "articles"), filepath.Join(dir, "articles")); err != nil {
		t.Skip(err)
	}
	_, err := loadWithin(t, dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "articles")+": a symbolic link") {
		t.Errorf("error %v, want the symlinked folder named", err)
	}
}

// TestLoadDirSizeLimit: a file over MaxFileSize is an error, not read.
func TestLoadDirSizeLimit(t *testing.T) {
	dir := writeTree(t)
	big := filepath.Join(dir, "articles", "big.md")
	if err := os.WriteFile(big, []byte(testArticle("Big", 2, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	_, err := loadWithin(t, dir)
	if want := big + ": file is larger than 10 MB"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
	if err := os.Truncate(big, MaxFileSize); err != nil { // at the limit: read (and its NULs reported)
		t.Fatal(err)
	}
	if _, err := loadWithin(t, dir); err != nil && strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file of exactly MaxFileSize bytes was refused: %v", err)
	}
}
