package site

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/liftwell/liftwell/internal/content"
)

// hashName inserts a short content hash before a file's extension:
// "style.css" -> "style.3f2a9c1b0d.css".
func hashName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

// addAsset stores data under assets/ with a hashed name and remembers the
// URL under its logical name.
func (b *Builder) addAsset(name string, data []byte) string {
	out := "assets/" + hashName(name, data)
	b.files[out] = data
	b.assets[name] = b.url("/" + out)
	return b.assets[name]
}

// addAssets adds templates/static (all CSS joined into one style.css, with
// the code-highlighting styles), the content's drawings and the checker's
// WebAssembly module with the wasm_exec.js of the same Go release.
func (b *Builder) addAssets() error {
	var errs content.List
	static := filepath.Join(b.cfg.Templates, "static")
	entries, err := os.ReadDir(static)
	if err != nil {
		return &content.Error{Path: static, Msg: "cannot read static files: " + err.Error()}
	}
	var css []string
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(static, e.Name()))
		if err != nil {
			errs.Addf(filepath.Join(static, e.Name()), 0, 0, err.Error())
			continue
		}
		if path.Ext(e.Name()) == ".css" {
			css = append(css, e.Name())
			continue
		}
		b.addAsset(e.Name(), data)
	}
	errs.Add(b.addStylesheet(static, css))
	for _, name := range sortedImageNames(b.site.Images) {
		b.addAsset(name, b.site.Images[name].Data)
	}
	errs.Add(b.addModule())
	return errs.Err()
}

// addStylesheet joins the static CSS files (site.css first, then by name)
// and the highlighting styles into the one render-blocking stylesheet.
func (b *Builder) addStylesheet(dir string, names []string) error {
	sort.Slice(names, func(i, j int) bool {
		return names[i] == "site.css" || names[j] != "site.css" && names[i] < names[j]
	})
	var all strings.Builder
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		all.Write(data)
		all.WriteByte('\n')
	}
	if b.cache.css == "" {
		css, err := highlightCSS()
		if err != nil {
			return err
		}
		b.cache.css = css
	}
	all.WriteString(b.cache.css)
	b.addAsset("style.css", []byte(all.String()))
	return nil
}

func sortedImageNames(m map[string]*content.Image) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// contentImageURL is the URL of a drawing from the content directory.
func (b *Builder) contentImageURL(name string) string { return b.assets[name] }

// addModule adds the checker module and its loader, compiling the module
// only when its Go sources changed since the last build.
func (b *Builder) addModule() error {
	module, exec, err := b.module()
	if err != nil {
		return err
	}
	b.addAsset("checker.wasm", module)
	b.addAsset("wasm_exec.js", exec)
	return nil
}

// moduleSources are the directories whose Go files make up the module.
var moduleSources = []string{"wasm", "internal/checker"}

// startModule starts getting the checker module ready on a goroutine of
// its own, and returns the function that waits for it. Unless it is
// cached, compiling it is mostly the go command waiting on its own cache
// and the linker: the build loads content meanwhile. The goroutine touches nothing of the Builder; the waiting
// function keeps the module for the next build.
func (b *Builder) startModule() func() (module, wasmExec []byte, err error) {
	if b.cfg.Module != nil {
		return func() ([]byte, []byte, error) { return b.cfg.Module, b.cfg.WasmExec, nil }
	}
	type result struct {
		key, module, exec []byte
		err               error
	}
	dir, last := b.cfg.ModuleDir, result{[]byte(b.cache.moduleKey), b.cache.module, b.cache.wasmExec, nil}
	done := make(chan result, 1)
	go func() {
		key, err := sourceKey(dir, moduleSources)
		if err != nil || key == string(last.key) {
			last.err = err
			done <- last
			return
		}
		module, exec, err := cachedModule(dir, key)
		done <- result{[]byte(key), module, exec, err}
	}()
	return func() ([]byte, []byte, error) {
		r := <-done
		if r.err == nil {
			b.cache.moduleKey, b.cache.module, b.cache.wasmExec = string(r.key), r.module, r.exec
		}
		return r.module, r.exec, r.err
	}
}

// CompileModule builds ./wasm in dir for GOOS=js GOARCH=wasm, small and
// reproducible, and returns it with the wasm_exec.js of the same toolchain.
func CompileModule(dir string) (module, wasmExec []byte, err error) {
	tmp, err := os.MkdirTemp("", "liftwell-wasm-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "checker.wasm")
	cmd := exec.Command(goTool(), "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, &content.Error{Path: filepath.Join(dir, "wasm"), Msg: "cannot compile the checker module: " + strings.TrimSpace(string(msg))}
	}
	if module, err = os.ReadFile(out); err != nil {
		return nil, nil, err
	}
	goroot, err := exec.Command(goTool(), "env", "GOROOT").Output()
	if err != nil {
		return nil, nil, err
	}
	wasmExec, err = os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	return module, wasmExec, err
}

// goTool finds the go command: the one running tests, or on PATH.
func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// sourceKey hashes the names and contents of the files under dirs, plus
// go.mod and go.sum, to tell whether a compiled module is still current.
func sourceKey(root string, dirs []string) (string, error) {
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, _ := os.ReadFile(filepath.Join(root, f))
		h.Write([]byte(f))
		h.Write(data)
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
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
