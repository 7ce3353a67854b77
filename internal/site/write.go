package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/liftwell/liftwell/internal/parallel"
)

// marker is the file by which Write knows a directory is its own output.
// Its name starts with a dot, so GitHub Pages' upload leaves it out.
const marker = ".liftwell-site"

// Write puts files into dir. It writes a new tree in a temporary directory
// beside dir and swaps it in only when every file is written, so a failure
// leaves the previous site as it was. It refuses a dir that holds files it
// did not write, and never deletes anything outside dir.
func Write(dir string, files Files) error {
	dir = filepath.Clean(dir)
	if err := checkOutputDir(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeTree(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return swap(tmp, dir)
}

// writeTree writes files under root: each folder made once, then the
// files written on several goroutines.
func writeTree(root string, files Files) error {
	paths := files.Paths()
	made := map[string]bool{}
	for _, p := range paths {
		dir := filepath.Dir(filepath.Join(root, filepath.FromSlash(p)))
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
	}
	errs := make([]error, len(paths))
	parallel.For(len(paths), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(paths[i])), files[paths[i]], 0o644)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, marker), []byte("written by liftwell build; the whole folder is replaced on each build\n"), 0o644)
}

// swap replaces dir by tmp: dir is moved aside, tmp moved in, and the old
// tree removed. If the second rename fails, the old tree is put back.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// checkOutputDir refuses a directory that is not ours to replace: one
// that holds files but no marker (such as "." or "content"), or one that
// contains the working directory.
func checkOutputDir(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err == nil && (abs == wd || strings.HasPrefix(wd+string(filepath.Separator), abs+string(filepath.Separator))) {
		return errors.New("output directory " + dir + " holds the working directory: choose a folder of its own, like site")
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
		return errors.New("output directory " + dir + " holds files that liftwell did not write; refusing to replace it (remove it or choose another folder)")
	}
	return nil
}
