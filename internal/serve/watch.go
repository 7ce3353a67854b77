package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long the watcher waits after a change for more changes,
// so that one save (or a checkout) gives one rebuild.
const settle = 40 * time.Millisecond

// Watch rebuilds whenever a file under dirs changes. It returns a function
// that stops watching.
func (s *Server) Watch(dirs []string) (stop func(), err error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if err := addTree(w, d); err != nil {
			w.Close()
			return nil, err
		}
	}
	go s.loop(w)
	return func() { w.Close() }, nil
}

func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}

func (s *Server) loop(w *fsnotify.Watcher) {
	var timer <-chan time.Time
	for {
		select {
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if strings.HasPrefix(filepath.Base(ev.Name), ".") || strings.HasSuffix(ev.Name, "~") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name)
				}
			}
			timer = time.After(settle)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			s.log.Write([]byte("watch: " + err.Error() + "\n"))
		case <-timer:
			timer = nil
			s.Rebuild()
		}
	}
}
