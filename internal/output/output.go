// Package output replaces a site's output folder with a new set of files,
// whole and at once, and refuses a folder holding files it did not write.
//
// The output folder, say site/, is only ever replaced whole, by these
// steps, beside it in its parent folder:
//
//  1. lock: take .site.lock (flock), waiting while another build holds it;
//  2. check: site/ must be a folder liftwell wrote, holding nothing else
//     (its marker file lists every file it wrote);
//  3. clean: remove .site.tmp-* folders left by an interrupted build
//     (only those holding a marker: no other build can be writing them,
//     since they hold the lock);
//  4. write: every file into a new .site.tmp-NNN, marker first;
//  5. swap: exchange .site.tmp-NNN and site/ in one step where the
//     system can (Linux), else rename site/ to .site.tmp-NNN.old and
//     .site.tmp-NNN to site/;
//  6. remove the previous tree.
//
// A failure says which state it left: the previous site as it was
// (steps 1 to 5), the new site in place with the previous one left
// beside it (step 6), or, if the second rename and then the rename back
// both fail, no site/ at all, with both trees beside it.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/liftwell/liftwell/internal/parallel"
)

// marker is the file by which Write knows a folder is its own output. It
// lists the files written, so that a file someone added is noticed. Its
// name starts with a dot, so GitHub Pages' upload leaves it out.
const marker = ".liftwell-site"

// markerHeader is the first line of a marker; the files follow, one a
// line. A marker with any other first line (an older liftwell's held
// only a line of text) makes Check refuse the folder.
const markerHeader = "written by liftwell build; the whole folder is replaced on each build. Files:"

// State is what a failed Write left in the output folder.
type State int

const (
	// Unchanged: the previous site (or none) is as it was.
	Unchanged State = iota
	// Replaced: the new site is in place, but the previous one could not
	// be removed: it is in Error.Old.
	Replaced
	// Missing: the output folder is gone; the previous site is in
	// Error.Old and the new one in Error.New.
	Missing
)

// Error is a failed Write: what failed, and the state of the output.
type Error struct {
	Dir      string
	State    State
	Old, New string // where the trees are, for Replaced and Missing
	Err      error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Outcome says in one sentence what the failure left in the output folder.
func (e *Error) Outcome() string {
	switch e.State {
	case Replaced:
		return "the new site is in " + e.Dir + ", but the previous one could not be removed: it is in " + e.Old + " (the next build removes it)"
	case Missing:
		return e.Dir + " is missing: the previous site is in " + e.Old + " and the new one in " + e.New + "; rename either to " + e.Dir
	}
	return e.Dir + " is unchanged"
}

// Folder is a folder a site is written into.
type Folder struct {
	Dir string
	// Waiting, if set, is called when another build holds the output's
	// lock, before Write waits for it.
	Waiting func(lockFile string)

	fs fileOps
}

// fileOps are the file system calls of the swap; tests replace them to
// make each step fail.
type fileOps struct {
	rename    func(oldpath, newpath string) error
	exchange  func(a, b string) error // nil where the system has none
	removeAll func(path string) error
}

var systemOps = fileOps{rename: os.Rename, exchange: exchange, removeAll: os.RemoveAll}

// Write puts files into dir, as Folder{Dir: dir}.Write does.
func Write(dir string, files map[string][]byte) error { return Folder{Dir: dir}.Write(files) }

// Write puts files into the output folder. It writes a new tree in a
// temporary folder beside it and swaps it in only when every file is
// written, so a failure leaves the previous site as it was (or says
// otherwise: see Error). It refuses a folder holding files it did
// not write, and never deletes anything outside it but its own leftovers.
// files maps slash-separated paths inside the folder to their contents.
func (o Folder) Write(files map[string][]byte) error {
	if o.fs.rename == nil {
		o.fs = systemOps
	}
	dir := o.Dir
	if dir == "" {
		return &Error{Dir: `""`, Err: errors.New("no output folder given")}
	}
	dir = filepath.Clean(dir)
	fail := func(err error) error { return &Error{Dir: dir, Err: err} }
	// Checked before the lock is taken, so that a refused folder gets no
	// lock file beside it, and again once it is held. The first check may
	// see another build's swap half done: where a lock file shows that
	// liftwell wrote here before, only the check under the lock counts.
	parent, name := filepath.Dir(dir), filepath.Base(dir)
	lockFile := filepath.Join(parent, "."+name+".lock")
	if err := Check(dir); err != nil {
		if fi, lerr := os.Lstat(lockFile); lerr != nil || !fi.Mode().IsRegular() {
			return fail(err)
		}
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fail(err)
	}
	unlock, err := lockOutput(lockFile, o.Waiting)
	if err != nil {
		return fail(err)
	}
	defer unlock()
	if err := Check(dir); err != nil {
		return fail(err)
	}
	removeLeftovers(parent, name, o.fs)
	tmp, err := os.MkdirTemp(parent, "."+name+".tmp-")
	if err != nil {
		return fail(err)
	}
	if err := writeTree(tmp, dir, files); err != nil {
		o.fs.removeAll(tmp)
		return fail(err)
	}
	return o.swap(tmp, dir)
}

// swap replaces dir by tmp and removes the previous tree.
func (o Folder) swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := o.fs.rename(tmp, dir); err != nil {
			o.fs.removeAll(tmp)
			return &Error{Dir: dir, Err: fmt.Errorf("cannot move the new site into place: %w", err)}
		}
		return nil
	}
	if o.fs.exchange != nil {
		err := o.fs.exchange(tmp, dir)
		if err == nil {
			// tmp now holds the previous site.
			return o.removeOld(dir, tmp)
		}
		if !errors.Is(err, errNoExchange) {
			o.fs.removeAll(tmp)
			return &Error{Dir: dir, Err: fmt.Errorf("cannot swap the new site in: %w", err)}
		}
	}
	old := tmp + ".old"
	if err := o.fs.rename(dir, old); err != nil {
		o.fs.removeAll(tmp)
		return &Error{Dir: dir, Err: fmt.Errorf("cannot move the previous site aside: %w", err)}
	}
	if err := o.fs.rename(tmp, dir); err != nil {
		err = fmt.Errorf("cannot move the new site into place: %w", err)
		if err2 := o.fs.rename(old, dir); err2 != nil {
			return &Error{Dir: dir, State: Missing, Old: old, New: tmp, Err: fmt.Errorf("%w; nor put the previous one back: %w", err, err2)}
		}
		o.fs.removeAll(tmp)
		return &Error{Dir: dir, Err: err}
	}
	return o.removeOld(dir, old)
}

func (o Folder) removeOld(dir, old string) error {
	if err := o.fs.removeAll(old); err != nil {
		return &Error{Dir: dir, State: Replaced, Old: old, Err: fmt.Errorf("cannot remove the previous site: %w", err)}
	}
	return nil
}

// removeLeftovers removes the temporary folders of builds that were
// interrupted: those named like ours and holding our marker. The caller
// holds the lock, so no running build is writing them.
func removeLeftovers(parent, name string, ops fileOps) {
	leftovers, _ := filepath.Glob(filepath.Join(parent, "."+name+".tmp-*"))
	for _, p := range leftovers {
		if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
			continue
		}
		if fi, err := os.Lstat(filepath.Join(p, marker)); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		ops.removeAll(p)
	}
}

// writeTree writes files under root, the marker first (so that an
// interrupted build's folder is known as ours) and again last, with the
// list of files. Errors name the file as it would be in dir.
func writeTree(root, dir string, files map[string][]byte) error {
	rel := func(err error) error {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			p := pe.Path
			if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
				p = filepath.Join(dir, r)
			}
			what := "cannot write"
			if pe.Op == "mkdir" {
				what = "cannot make the folder"
			}
			return fmt.Errorf("%s: %s: %w", p, what, pe.Err)
		}
		return err
	}
	if err := os.Chmod(root, 0o755); err != nil {
		return rel(err)
	}
	mark := filepath.Join(root, marker)
	if err := os.WriteFile(mark, []byte(markerHeader+"\n"), 0o644); err != nil {
		return rel(err)
	}
	paths := slices.Sorted(maps.Keys(files))
	made := map[string]bool{}
	for _, p := range paths {
		if err := safeOutputPath(p); err != nil {
			return fmt.Errorf("%s: cannot write: %w", filepath.Join(dir, filepath.FromSlash(p)), err)
		}
		d := filepath.Dir(filepath.Join(root, filepath.FromSlash(p)))
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return rel(err)
			}
			made[d] = true
		}
	}
	errs := make([]error, len(paths))
	parallel.For(len(paths), func(i int) {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(paths[i])), files[paths[i]], 0o644); err != nil {
			errs[i] = rel(err)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	list := markerHeader + "\n" + strings.Join(paths, "\n") + "\n"
	return rel(os.WriteFile(mark, []byte(list), 0o644))
}

// safeOutputPath refuses an output path that would leave the folder or
// name the marker.
func safeOutputPath(p string) error {
	if !fs.ValidPath(p) || p == "." || p == marker {
		return errors.New("not a path inside the output folder")
	}
	return nil
}

// checkOutputPath refuses an output path that is a symbolic link:
// liftwell replaces the folder itself, and a link would be replaced by a
// folder (or followed to a place nobody named).
func checkOutputPath(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, _ := os.Readlink(dir)
	return fmt.Errorf("output folder %s is a symbolic link (to %s): liftwell does not follow it; give the folder itself", dir, target)
}

// Check returns why dir may not be used as the output folder, or
// nil: it must not be empty, a symbolic link, a file, the working folder
// or one above it, or a folder holding anything liftwell did not write
// there (a folder like content, or a file someone added to the site).
func Check(dir string) error {
	if dir == "" {
		return errors.New("the output folder is empty: give one, like -out site")
	}
	dir = filepath.Clean(dir)
	if err := checkOutputPath(dir); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err == nil && (abs == wd || strings.HasPrefix(wd+string(filepath.Separator), abs+string(filepath.Separator))) {
		return errors.New("output directory " + dir + " holds the working directory: choose a folder of its own, like site")
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New("output directory " + dir + " is a file, not a folder")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	list, err := os.ReadFile(filepath.Join(dir, marker))
	if err != nil {
		return errors.New("output directory " + dir + " holds files that liftwell did not write; refusing to replace it (remove it or choose another folder)")
	}
	header, rest, ok := strings.Cut(string(list), "\n")
	if !ok || header != markerHeader {
		// Another program's file, or an older liftwell's marker without
		// the list: nothing says which files are ours.
		return fmt.Errorf("output directory %s: liftwell cannot read its marker file %s (an older liftwell's, or not liftwell's), so it cannot tell which files it wrote; refusing to replace it (remove the folder or choose another)", dir, marker)
	}
	foreign := foreignFiles(dir, strings.Split(strings.TrimSuffix(rest, "\n"), "\n"))
	if len(foreign) == 0 {
		return nil
	}
	names := foreign
	if len(names) > 10 {
		names = append(names[:10:10], fmt.Sprintf("and %d more", len(foreign)-10))
	}
	return fmt.Errorf("output directory %s holds files that liftwell did not write: %s; a build replaces the whole folder, so it stops rather than delete them (move them elsewhere, then build again)", dir, strings.Join(names, ", "))
}

// foreignFiles returns what dir holds besides the files listed (and the
// folders they are in): files, links and empty folders someone added.
func foreignFiles(dir string, listed []string) []string {
	ours := map[string]bool{marker: true}
	for _, p := range listed {
		for ; p != "." && p != "" && !ours[p]; p = filepath.ToSlash(filepath.Dir(p)) {
			ours[p] = true
		}
	}
	var foreign []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !ours[rel] {
			foreign = append(foreign, rel)
			if d.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
	sort.Strings(foreign)
	return foreign
}

// lockOutput takes the lock file beside the output, which a build holds
// from before it checks the output until it has swapped it. If another
// build holds it, waiting is told, and lockOutput waits.
func lockOutput(path string, waiting func(string)) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open the lock file: %w", err)
	}
	busy, err := tryLock(f)
	if err == nil && busy {
		if waiting != nil {
			waiting(path)
		}
		err = waitLock(f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
