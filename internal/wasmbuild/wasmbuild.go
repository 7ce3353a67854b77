// Package wasmbuild compiles the pain checker's WebAssembly module (the
// ./wasm command of the Go module) and keeps it: between builds of one
// run, and between runs in the user's cache folder.
//
// [Sources] lists the folders whose Go files make up the module, once:
// the builder hashes them to know whether its module is current, and
// serve watches them.
package wasmbuild

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// Sources are the folders, below the Go module's root, whose Go files
// make up the module: ./wasm and every package of ours it imports
// (TestSourcesCoverModule checks the list against go list -deps).
var Sources = []string{"wasm", "internal/checker", "internal/painlog"}

// SourceDirs returns the folders of Sources below root.
func SourceDirs(root string) []string {
	dirs := make([]string, len(Sources))
	for i, d := range Sources {
		dirs[i] = filepath.Join(root, d)
	}
	return dirs
}

// Module is a compiled module with the wasm_exec.js of the Go release that
// compiled it, and the key of the sources it was compiled from.
type Module struct {
	Key            string
	Wasm, WasmExec []byte
}

// Start starts getting the module of the Go module at root ready, on a
// goroutine of its own, and returns the function that waits for it. last
// is the module the previous build had (the zero Module at first): when
// the sources have not changed since, it is the result. Otherwise the
// module comes from the cache folder, or is compiled and kept there.
// Unless it is cached, compiling is mostly the go command waiting on its
// own cache and the linker: the caller does other work meanwhile.
func Start(root string, last Module) (wait func() (Module, error)) {
	type result struct {
		m   Module
		err error
	}
	done := make(chan result, 1)
	go func() {
		key, err := Key(root)
		if err != nil || key == last.Key {
			done <- result{last, err}
			return
		}
		wasm, exec, err := cached(root, key)
		done <- result{Module{Key: key, Wasm: wasm, WasmExec: exec}, err}
	}()
	return func() (Module, error) {
		r := <-done
		return r.m, r.err
	}
}

// Compile builds ./wasm in root for GOOS=js GOARCH=wasm, small and
// reproducible, and returns it with the wasm_exec.js of the same toolchain.
func Compile(root string) (module, wasmExec []byte, err error) {
	tmp, err := os.MkdirTemp("", "liftwell-wasm-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "checker.wasm")
	cmd := exec.Command(goTool, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, &srcerr.Error{Path: filepath.Join(root, "wasm"), Msg: "cannot compile the checker module: " + strings.TrimSpace(string(msg))}
	}
	if module, err = os.ReadFile(out); err != nil {
		return nil, nil, err
	}
	goroot, err := exec.Command(goTool, "env", "GOROOT").Output()
	if err != nil {
		return nil, nil, err
	}
	wasmExec, err = os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	return module, wasmExec, err
}

// goTool is the go command that compiles the module, and whose GOROOT
// (go env GOROOT) gives wasm_exec.js: the one on PATH. Under go test it is
// the one running the tests, which go test puts first on PATH.
const goTool = "go"

// Key hashes the names and contents of the Go files of Sources below
// root, plus go.mod and go.sum, to tell whether a compiled module is
// still current.
func Key(root string) (string, error) {
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, _ := os.ReadFile(filepath.Join(root, f))
		h.Write([]byte(f))
		h.Write(data)
	}
	for _, dir := range SourceDirs(root) {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			data, err := os.ReadFile(p)
			h.Write([]byte(p))
			h.Write(data)
			return err
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
