package site

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/testfix"
	"github.com/liftwell/liftwell/internal/wasmbuild"
)

// TestWatchedSources checks what a Builder told of every change (Watched)
// does with its templates, static files and module: it reads them again
// only when Changed names them (or a folder above them), so that an edit
// nobody named is not seen, and one named is.
func TestWatchedSources(t *testing.T) {
	root := newFixture(t)
	cfg := fixtureConfig(root, "/")
	cfg.Module, cfg.WasmExec, cfg.ModuleDir = nil, nil, "../.."
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	key, err := wasmbuild.Key("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The module as if compiled already, so that nothing compiles.
	module := func(key, text string) wasmbuild.Module {
		return wasmbuild.Module{Key: key, Wasm: []byte("\x00asm\x01\x00\x00\x00 " + text), WasmExec: testfix.WasmExec}
	}
	b.cache.module = module(key, "current")
	b.Watched()
	build := func() Files {
		t.Helper()
		files, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	hasModule := func(files Files, text string) bool {
		for p, data := range files {
			if strings.HasPrefix(p, "assets/checker.") && bytes.HasSuffix(data, []byte(" "+text)) {
				return true
			}
		}
		return false
	}
	if files := build(); !hasModule(files, "current") {
		t.Fatal("the first build does not have the module of the current sources")
	}

	home := filepath.Join(root, "templates", "home.html")
	testfix.Edit(t, home, "<h1>", "<h1>Unnamed ")
	if files := build(); bytes.Contains(files["index.html"], []byte("Unnamed")) {
		t.Error("a template edit nobody named was read: the watcher is not trusted")
	}
	b.Changed(home)
	if files := build(); !bytes.Contains(files["index.html"], []byte("Unnamed")) {
		t.Error("a template edit named to Changed was not read")
	}
	css := filepath.Join(root, "templates", "static", "site.css")
	testfix.Edit(t, css, "{", "{outline:0;")
	b.Changed(filepath.Join(root, "templates")) // the folder, as when it is replaced
	files := build()
	found := false
	for p, data := range files {
		found = found || strings.HasPrefix(p, "assets/style.") && bytes.Contains(data, []byte("outline:0"))
	}
	if !found {
		t.Error("a stylesheet edit below a folder named to Changed was not read")
	}

	// The module is not looked at while no event names its sources.
	b.cache.module = module("stale", "stale")
	if files := build(); !hasModule(files, "stale") {
		t.Error("the module's sources were looked at though no event named them")
	}
	b.Changed(filepath.Join("../..", "internal", "checker", "rules.go"))
	inc := b.mem.(*remember).inc
	if !inc.sources.moduleDirty {
		t.Fatal("an event naming a module source did not mark the module")
	}
	b.cache.module = module(key, "checked again")
	if files := build(); !hasModule(files, "checked again") || inc.sources.moduleDirty {
		t.Error("after an event naming a module source, the build did not check the module again")
	}
}
