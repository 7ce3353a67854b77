package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"

	"github.com/liftwell/liftwell/internal/content"
)

// Watch rebuilds whenever a file under dirs changes. It watches every
// folder below them, and the folders they are in, so that a folder
// removed and made again (rm -rf content; cp -r backup content) is
// watched again. The first change starts a build at once, with no wait
// for quiet; a change while a build runs cancels it and starts the next,
// with every change since, so that saving a fix ends a build that would
// not, and the second half of a save is folded into one build. Each
// change's path is passed to the Builder (site.Builder.Changed), which
// reads those files again whatever their size and time say, and, once
// every folder is watched, looks at no other (site.Builder.Watched); when
// the system's event queue overflowed, every folder is named. It returns
// a function that stops watching.
func (s *Server) Watch(dirs []string) (stop func(), err error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			w.Close()
			return nil, err
		}
		roots = append(roots, abs)
		// The folder it is in: a parent that does not exist is no error.
		if err := w.Add(filepath.Dir(abs)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			w.Close()
			return nil, err
		}
		if err := addTree(w, abs); err != nil {
			w.Close()
			return nil, err
		}
	}
	// Every folder is watched: from now on the watcher's events name
	// every change, and a rebuild need look at nothing else.
	s.building.Lock()
	s.builder.Watched()
	s.building.Unlock()
	done := make(chan struct{})
	go func() { s.loop(w, roots); close(done) }()
	return func() { w.Close(); <-done }, nil
}

func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if err := w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
}

// within returns the root that p is, or is inside, or "".
func within(roots []string, p string) string {
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return r
		}
	}
	return ""
}

// loop turns events into builds, one at a time: a change while a build
// runs cancels it, and the next starts when it has stopped.
func (s *Server) loop(w *fsnotify.Watcher, roots []string) {
	var (
		running chan struct{} // closed when the build in progress ends
		cancel  context.CancelFunc
		again   bool     // a change came during the build
		changed []string // the paths of the changes not built yet
	)
	start := func() { // with no build running
		s.Changed(changed...)
		changed = nil
		ctx, c := context.WithCancel(context.Background())
		done := make(chan struct{})
		running, cancel = done, c
		go func() { s.rebuild(ctx); close(done) }()
	}
	rebuild := func() { // after a change
		if running != nil {
			cancel()
			again = true
			return
		}
		start()
	}
	defer func() {
		if running != nil {
			cancel()
			<-running
		}
	}()
	for {
		select {
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			abs, err := filepath.Abs(ev.Name)
			if err != nil {
				continue
			}
			root := within(roots, abs)
			if root == "" {
				continue // something else in a watched folder's parent
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
					if err := addTree(w, abs); err != nil {
						s.log.Write([]byte("watch: " + err.Error() + "\n"))
					}
				}
			}
			// The Builder hears of every change; an editor's swap and
			// backup files start no build of their own.
			changed = append(changed, abs)
			if abs != root && content.EditorFile(filepath.Base(abs)) {
				continue
			}
			rebuild()
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			s.log.Write([]byte("watch: " + err.Error() + "\n"))
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: look at everything again.
				changed = append(changed, roots...)
				rebuild()
			}
		case <-running:
			running = nil
			cancel()
			if again {
				again = false
				start()
			}
		}
	}
}
