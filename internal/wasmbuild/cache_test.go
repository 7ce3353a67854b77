package wasmbuild

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestModuleCache checks that a module is compiled once for the same
// sources, kept in the cache folder, compiled again when a source
// changes, and that the cache keeps only the newest modules.
func TestModuleCache(t *testing.T) {
	cache := t.TempDir()
	defer func(d func() string, c func(string) ([]byte, []byte, error)) { moduleCacheDir, compile = d, c }(moduleCacheDir, compile)
	moduleCacheDir = func() string { return filepath.Join(cache, "liftwell") }
	compiled := 0
	compile = func(dir string) ([]byte, []byte, error) {
		compiled++
		src, err := os.ReadFile(filepath.Join(dir, "wasm", "main.go"))
		return append([]byte("\x00asm "), src...), []byte("// exec\n"), err
	}
	dir := t.TempDir()
	write := func(src string) string {
		t.Helper()
		for _, d := range Sources {
			if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "wasm", "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		key, err := Key(dir)
		if err != nil {
			t.Fatal(err)
		}
		return key
	}
	get := func(key string) []byte {
		t.Helper()
		m, w, err := cached(dir, key)
		if err != nil || string(w) != "// exec\n" {
			t.Fatalf("cached: %q, %v", w, err)
		}
		return m
	}

	key := write("package main // one\n")
	first := get(key)
	if second := get(key); compiled != 1 || !bytes.Equal(first, second) {
		t.Errorf("same sources: compiled %d times, modules %q and %q", compiled, first, second)
	}
	if third := get(write("package main // two\n")); compiled != 2 || bytes.Equal(first, third) {
		t.Errorf("changed sources: compiled %d times, module %q", compiled, third)
	}
	for i := range 6 {
		get(write("package main // " + string(rune('a'+i)) + "\n"))
	}
	kept, _ := filepath.Glob(filepath.Join(cache, "liftwell", "checker-*.wasm"))
	execs, _ := filepath.Glob(filepath.Join(cache, "liftwell", "checker-*.js"))
	if len(kept) != keptModules || len(execs) != keptModules {
		t.Errorf("the cache keeps %d modules and %d loaders, want %d", len(kept), len(execs), keptModules)
	}
	// A cache that cannot be written is no cache.
	moduleCacheDir = func() string { return filepath.Join(dir, "wasm", "main.go", "not-a-dir") }
	before := compiled
	get(key)
	get(key)
	if compiled != before+2 {
		t.Errorf("an unwritable cache: compiled %d times, want 2", compiled-before)
	}
}
