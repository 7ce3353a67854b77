package content

import (
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// MaxFileSize is the largest content file Load reads: 10 MB. The largest
// real file is a few kilobytes; the limit keeps a mistake (a video saved
// as .svg, a link to /dev/zero) from filling memory.
const MaxFileSize = 10 << 20

// LoadDir loads the content folder dir, as Load does, confined to it with
// an os.Root: no path and no symlink can make it read a file outside dir.
// Content is read only from regular files: a symlink (wherever it points),
// a device, a FIFO or a socket is an error naming it, and nothing of it is
// read. A FIFO is never opened, so it cannot block the build.
func LoadDir(dir string) (*Site, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		var l srcerr.List
		l.AddAt(dir, 0, 0, "cannot open the content folder: "+unwrapPathError(err))
		return nil, l
	}
	defer root.Close()
	return Load(rootFS{root.FS().(readDirFS), root}, dir)
}

type readDirFS interface {
	fs.ReadDirFS
	fs.ReadLinkFS
}

// rootFS is an os.Root's file system whose Open refuses what is not a
// regular file and never waits on a FIFO: it opens without blocking.
type rootFS struct {
	readDirFS
	root *os.Root
}

func (r rootFS) Open(name string) (fs.File, error) {
	return r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// readFile reads the regular file name in fsys, at most MaxFileSize
// bytes. What is not a regular file (checked without following a
// symlink, before opening it, and again once open) is refused with a
// message saying what it is.
func readFile(fsys fs.FS, name string) ([]byte, string) {
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if msg := notRegular(info); msg != "" {
		return nil, msg
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, unwrapPathError(err)
	}
	if msg := notRegular(info); msg != "" {
		return nil, msg // replaced between the two looks
	}
	if info.Size() > MaxFileSize {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge // it grew while being read
	}
	return data, ""
}

var tooLarge = "file is larger than " + strconv.Itoa(MaxFileSize>>20) + " MB, the limit for a content file"

// notRegular says why a file of this kind is not content, or "".
func notRegular(info fs.FileInfo) string {
	m := info.Mode()
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeSymlink != 0:
		return "a symbolic link: content must be regular files inside the content folder (copy the file here instead)"
	case m.IsDir():
		return "a folder, not a file"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO), not a regular file: nothing was read from it"
	case m&fs.ModeSocket != 0:
		return "a socket, not a regular file: nothing was read from it"
	case m&fs.ModeDevice != 0:
		return "a device, not a regular file: nothing was read from it"
	}
	return "not a regular file"
}
