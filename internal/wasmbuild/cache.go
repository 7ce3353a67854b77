package wasmbuild

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The checker module is kept between runs of liftwell in the user's cache
// folder (~/.cache/liftwell on Linux), named by a hash of its sources and
// of the Go toolchain that compiles them. The go command's own build
// cache makes compiling an unchanged module quick, but not free: it still
// links the module anew, a tenth of a second that a small site's whole
// build is not much longer than.

// moduleCacheDir is the folder modules are kept in, or "" for none.
var moduleCacheDir = func() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "liftwell")
}

// compile is Compile; tests count its calls.
var compile = Compile

// keptModules is how many compiled modules the cache keeps.
const keptModules = 4

// cached returns the module of the sources in dir, whose hash is
// sourceKey (see Key), from the cache or compiled (and then kept). A cache that
// cannot be read or written is the same as none.
func cached(dir, sourceKey string) (module, wasmExec []byte, err error) {
	cache := moduleCacheDir()
	if cache == "" {
		return compile(dir)
	}
	h := sha256.Sum256([]byte(sourceKey + "\x00" + toolchainKey()))
	name := filepath.Join(cache, "checker-"+hex.EncodeToString(h[:12]))
	module, err1 := os.ReadFile(name + ".wasm")
	wasmExec, err2 := os.ReadFile(name + ".js")
	if err1 == nil && err2 == nil {
		return module, wasmExec, nil
	}
	if module, wasmExec, err = compile(dir); err != nil {
		return nil, nil, err
	}
	if os.MkdirAll(cache, 0o755) == nil && writeAtomic(name+".js", wasmExec) == nil && writeAtomic(name+".wasm", module) == nil {
		pruneModules(cache)
	}
	return module, wasmExec, nil
}

// toolchainKey names the Go toolchain that compiles the module: the go
// command (by path, size and time) and the settings that change its output.
func toolchainKey() string {
	key := []string{goTool}
	if p, err := exec.LookPath(goTool); err == nil {
		if fi, err := os.Stat(p); err == nil {
			key = append(key, p, strconv.FormatInt(fi.Size(), 10), fi.ModTime().String())
		}
	}
	for _, v := range []string{"GOFLAGS", "GOEXPERIMENT", "GOTOOLCHAIN", "GOROOT", "GOWASM"} {
		key = append(key, v+"="+os.Getenv(v))
	}
	return strings.Join(key, "\x00")
}

// writeAtomic writes data to a temporary file beside name and renames it,
// so that a reader never sees half a file.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// pruneModules removes all but the newest keptModules modules.
func pruneModules(cache string) {
	names, _ := filepath.Glob(filepath.Join(cache, "checker-*.wasm"))
	type entry struct {
		name string
		mod  int64
	}
	var entries []entry
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil {
			entries = append(entries, entry{n, fi.ModTime().UnixNano()})
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].mod > entries[j].mod })
	for _, e := range entries[min(len(entries), keptModules):] {
		os.Remove(e.name)
		os.Remove(strings.TrimSuffix(e.name, ".wasm") + ".js")
	}
}
