package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/liftwell/liftwell/internal/testfix"
)

// workerFacts is what a generated sw.js says about its version.
type workerFacts struct {
	Revisions   map[string]string // URL -> revision
	Order       []string          // URLs as listed
	Base, Cache string
	Prefix      string
}

var (
	swEntry  = regexp.MustCompile(`"?url"?\s*:\s*"([^"]*)"\s*,\s*"?revision"?\s*:\s*"([^"]*)"`)
	swConsts = regexp.MustCompile(`\b(BASE|CACHE|CACHE_PREFIX)\s*=\s*"([^"]*)"`)
)

func readWorker(t *testing.T, files Files) workerFacts {
	t.Helper()
	js, ok := files["sw.js"]
	if !ok {
		t.Fatal("the build has no sw.js")
	}
	w := workerFacts{Revisions: map[string]string{}}
	for _, m := range swEntry.FindAllStringSubmatch(string(js), -1) {
		if _, dup := w.Revisions[m[1]]; dup {
			t.Errorf("sw.js lists %s twice", m[1])
		}
		w.Revisions[m[1]] = m[2]
		w.Order = append(w.Order, m[1])
	}
	for _, m := range swConsts.FindAllStringSubmatch(string(js), -1) {
		switch m[1] {
		case "BASE":
			w.Base = m[2]
		case "CACHE":
			w.Cache = m[2]
		case "CACHE_PREFIX":
			w.Prefix = m[2]
		}
	}
	if len(w.Order) == 0 || w.Base == "" || w.Cache == "" || w.Prefix == "" {
		t.Fatalf("sw.js lacks its manifest or constants:\n%.600s", js)
	}
	if !strings.HasPrefix(string(js), `"use strict";`) {
		t.Errorf("sw.js does not start with a \"use strict\" directive")
	}
	return w
}

func revisionOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestServiceWorkerManifest: under both base paths, sw.js lists every
// output file but 404.html and sw.js itself, once, directory pages as
// "dir/", each with its content's SHA-256, and names its
// cache after the base path.
func TestServiceWorkerManifest(t *testing.T) {
	for _, base := range []string{"/", "/liftwell/"} {
		t.Run("base="+base, func(t *testing.T) {
			files := fixtureBuild(t, fixtureConfig("../..", base))
			w := readWorker(t, files)
			want := map[string]string{}
			for _, p := range files.Paths() {
				if p == "404.html" || p == "sw.js" {
					continue
				}
				want[base+strings.TrimSuffix(p, "index.html")] = revisionOf(files[p])
			}
			for url, rev := range want {
				got, ok := w.Revisions[url]
				switch {
				case !ok:
					t.Errorf("sw.js does not precache %s", url)
				case got != rev:
					t.Errorf("sw.js lists %s with revision %s, want %s (its SHA-256)", url, got, rev)
				}
			}
			for url := range w.Revisions {
				if _, ok := want[url]; !ok {
					t.Errorf("sw.js precaches %s, which is not an output file (or must not be precached)", url)
				}
			}
			for _, never := range []string{base + "404.html", base + "sw.js"} {
				if _, ok := w.Revisions[never]; ok {
					t.Errorf("sw.js precaches %s", never)
				}
			}
			for _, must := range []string{base, base + "offline/", base + "manifest.webmanifest", base + "checker/"} {
				if _, ok := w.Revisions[must]; !ok {
					t.Errorf("sw.js does not precache %s", must)
				}
			}
			if w.Base != base {
				t.Errorf("sw.js has BASE %q, want %q", w.Base, base)
			}
			if w.Prefix != "liftwell:"+base+":" || !strings.HasPrefix(w.Cache, w.Prefix) || len(w.Cache) <= len(w.Prefix) {
				t.Errorf("sw.js has CACHE %q and CACHE_PREFIX %q: want the prefix liftwell:%s: and a version after it", w.Cache, w.Prefix, base)
			}
		})
	}
}

// TestServiceWorkerCachePrefixes: the caches of the site at / and of a
// project site on the same origin never look like each other's, so that
// neither one's activation deletes the other's caches.
func TestServiceWorkerCachePrefixes(t *testing.T) {
	bases := []string{"/", "/liftwell/", "/liftwell-old/", "/other/"}
	for _, a := range bases {
		for _, b := range bases {
			if a == b {
				continue
			}
			name := cacheName(b, []byte("[]"), []byte("code"))
			if strings.HasPrefix(name, cachePrefix(a)) {
				t.Errorf("the cache %q of the site at %s starts with the prefix %q of the site at %s", name, b, cachePrefix(a), a)
			}
		}
	}
}

// TestServiceWorkerVersions: the same input gives the same worker; a
// changed file changes its revision (and only the revisions of the files
// that changed) and the cache name; a change in the worker's code changes
// the cache name too, but a change in its comments alone changes nothing.
func TestServiceWorkerVersions(t *testing.T) {
	cfg := fixtureConfig("../..", "/liftwell/")
	first := fixtureBuild(t, cfg)
	again := fixtureBuild(t, cfg)
	if string(first["sw.js"]) != string(again["sw.js"]) {
		t.Fatal("two builds of the same input give different service workers")
	}
	w1 := readWorker(t, first)

	// Another module: a new file under a new name, and the pages that
	// point to it change.
	cfg2 := cfg
	cfg2.Module = append(append([]byte(nil), cfg.Module...), 0, 1, 0) // a custom section
	second := fixtureBuild(t, cfg2)
	w2 := readWorker(t, second)
	if w2.Cache == w1.Cache {
		t.Errorf("a changed module leaves the cache name %q as it was", w1.Cache)
	}
	changed := 0
	for url, rev := range w2.Revisions {
		old, ok := w1.Revisions[url]
		if !ok {
			changed++
			continue
		}
		p := strings.TrimPrefix(url, cfg.Base)
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		same := string(first[p]) == string(second[p])
		if same != (old == rev) {
			t.Errorf("%s: content same=%v but revision %s -> %s", url, same, old, rev)
		}
		if !same {
			changed++
		}
	}
	if changed == 0 {
		t.Error("a changed module changed no entry of the manifest")
	}
	var oldModule, newModule string
	for _, u := range w1.Order {
		if strings.HasSuffix(u, ".wasm") {
			oldModule = u
		}
	}
	for _, u := range w2.Order {
		if strings.HasSuffix(u, ".wasm") {
			newModule = u
		}
	}
	if oldModule == "" || newModule == "" || oldModule == newModule {
		t.Errorf("the module's precache URL went from %q to %q: want a new hashed name", oldModule, newModule)
	}
	if w2.Revisions[newModule] != revisionOf(cfg2.Module) {
		t.Errorf("the new module's revision is %s, want %s", w2.Revisions[newModule], revisionOf(cfg2.Module))
	}

	// The worker's own code, in an overlay of the templates.
	tmpl := testfix.ReadTree(t, cfg.Templates)
	code := tmpl["sw.js"].Data
	cfg3 := cfg
	cfg3.TemplatesFS = tmpl
	tmpl["sw.js"] = &fstest.MapFile{Data: append([]byte("// Only a comment more.\n"), code...)}
	if third := fixtureBuild(t, cfg3); string(third["sw.js"]) != string(first["sw.js"]) {
		t.Error("a comment in templates/sw.js changed the generated worker")
	}
	tmpl["sw.js"] = &fstest.MapFile{Data: append(slices.Clip(code), "\nself.liftwellTest = 1;\n"...)}
	if w4 := readWorker(t, fixtureBuild(t, cfg3)); w4.Cache == w1.Cache {
		t.Errorf("changed worker code keeps the cache name %q: the new worker would write into the running version's cache", w1.Cache)
	}
}

// TestPrecacheManifest checks the manifest on a small set of files.
func TestPrecacheManifest(t *testing.T) {
	files := Files{
		"index.html":        []byte("home"),
		"a/index.html":      []byte("a"),
		"a/b.html":          []byte("b"),
		"404.html":          []byte("missing"),
		"sw.js":             []byte("worker"),
		"assets/x.1234.css": []byte("css"),
	}
	got, list := precacheManifest(files, files.Paths(), "/site/", nil)
	if marshalled, _ := json.Marshal(got); !bytes.Equal(list, marshalled) {
		t.Errorf("manifest JSON\n%s\nwant what json.Marshal writes\n%s", list, marshalled)
	}
	want := []precacheEntry{
		{"/site/a/b.html", revisionOf([]byte("b"))},
		{"/site/a/", revisionOf([]byte("a"))},
		{"/site/assets/x.1234.css", revisionOf([]byte("css"))},
		{"/site/", revisionOf([]byte("home"))},
	}
	if len(got) != len(want) {
		t.Fatalf("manifest %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %v, want %v", i, got[i], want[i])
		}
	}
	files["a/index.html"] = []byte("a, changed")
	again, _ := precacheManifest(files, files.Paths(), "/site/", nil)
	if again[1].Revision == got[1].Revision {
		t.Error("changed content kept its revision")
	}
	if again[0] != got[0] || again[2] != got[2] || again[3] != got[3] {
		t.Error("a change in one file changed the revision of another")
	}
}

// TestWorkerTypes: the worker serves every file of a build with a type
// of its own table (it never serves the type stored in the cache), the
// type GitHub Pages gives that file; and sw.js carries the table.
func TestWorkerTypes(t *testing.T) {
	files := fixtureBuild(t, fixtureConfig("../..", "/liftwell/"))
	want := map[string]string{"html": "text/html", "css": "text/css", "js": "text/javascript", "svg": "image/svg+xml",
		"png": "image/png", "wasm": "application/wasm", "webmanifest": "application/manifest+json", "xml": "application/xml", "txt": "text/plain"}
	for _, p := range files.Paths() {
		ext := strings.TrimPrefix(path.Ext(p), ".")
		typ, ok := workerTypes[ext]
		switch {
		case !ok:
			t.Errorf("%s: the worker has no type for .%s", p, ext)
		case want[ext] != "" && !strings.HasPrefix(typ, want[ext]):
			t.Errorf("%s: the worker serves it as %q, want %s", p, typ, want[ext])
		}
	}
	m := regexp.MustCompile(`const TYPES=(\{[^}]*\});`).FindSubmatch(files["sw.js"])
	var types map[string]string
	if m == nil || json.Unmarshal(m[1], &types) != nil || types["wasm"] != "application/wasm" || types["html"] == "" {
		t.Errorf("sw.js has no TYPES table with html and wasm: %q", m)
	}
}
