package content

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
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
	fsys, closeDir, err := openContentDir(dir)
	if err != nil {
		return nil, err
	}
	defer closeDir()
	return Load(fsys, dir)
}

// openContentDir is OpenDir, with an error that names the folder.
func openContentDir(dir string) (fs.FS, func() error, error) {
	fsys, closeDir, err := OpenDir(dir)
	if err != nil {
		var l srcerr.List
		l.AddAt(dir, 0, 0, "cannot open the content folder: "+err.Error())
		return nil, nil, l
	}
	return fsys, closeDir, nil
}

// OpenDir opens the folder dir as a file system confined to it with an
// os.Root, as LoadDir reads content: no path and no symlink leads out of
// it, and opening never waits on a FIFO. Read its files with [ReadFile];
// call close once done. As with ReadFile, the error's text names no path.
func OpenDir(dir string) (fsys fs.FS, close func() error, err error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, errors.New(unwrapPathError(err))
	}
	return rootFS{root.FS().(readDirFS), root}, root.Close, nil
}

// ReadFile reads the regular file name of fsys as the loader reads
// content (see readFile): at most MaxFileSize bytes, and nothing of what
// is not a regular file, a symbolic link included. folder names what
// fsys is in the messages ("templates"). The error's text names no path:
// the caller names the file.
func ReadFile(fsys fs.FS, name, folder string) ([]byte, error) {
	data, msg := readFileIn(fsys, name, folder)
	if msg != "" {
		return nil, errors.New(msg)
	}
	return data, nil
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

// ReadDir lists the folder name of fsys, refusing a symbolic link to a
// folder as ReadFile refuses one to a file. As with ReadFile, the error's
// text names no path.
func ReadDir(fsys fs.FS, name, folder string) ([]fs.DirEntry, error) {
	if info, err := fs.Lstat(fsys, name); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return nil, errors.New(notRegular(info, folder))
	}
	entries, err := fs.ReadDir(fsys, name)
	if err != nil {
		return nil, errors.New(unwrapPathError(err))
	}
	return entries, nil
}

// readFile reads the regular file name in fsys, at most MaxFileSize
// bytes. What is not a regular file (checked without following a
// symlink, before opening it, and again once open) is refused with a
// message saying what it is.
func readFile(fsys fs.FS, name string) ([]byte, string) {
	return readFileIn(fsys, name, "content")
}

// readFileIn is readFile for a file of folder, which the messages name.
func readFileIn(fsys fs.FS, name, folder string) ([]byte, string) {
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if msg := notRegular(info, folder); msg != "" {
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
	if msg := notRegular(info, folder); msg != "" {
		return nil, msg // replaced between the two looks
	}
	if info.Size() > MaxFileSize {
		return nil, tooLarge(folder)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(folder) // it grew while being read
	}
	return data, ""
}

func tooLarge(folder string) string {
	return "file is larger than " + strconv.Itoa(MaxFileSize>>20) + " MB, the limit for a " + strings.TrimSuffix(folder, "s") + " file"
}

// notRegular says why a file of this kind cannot be read from folder
// ("content", "templates"), or "".
func notRegular(info fs.FileInfo, folder string) string {
	m := info.Mode()
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeSymlink != 0:
		return "a symbolic link: " + folder + " must be regular files inside the " + folder + " folder (copy the file here instead)"
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
