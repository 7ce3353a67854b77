package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/liftwell/liftwell/internal/parallel"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// precacheEntry is one file the service worker stores at install: its URL
// (a directory page as "dir/", never "dir/index.html") and a revision, its
// content's SHA-256 in hex, which the worker checks the downloaded bytes
// against at install, and every cached copy against before it serves it:
// every project site of a GitHub user shares one origin, and so one Cache
// Storage, which a page of any of them can write into (a stamp the worker
// put on a response could be copied; a digest of the whole SHA-256 cannot
// be matched by other bytes).
type precacheEntry struct {
	URL      string `json:"url"`
	Revision string `json:"revision"`
}

// notPrecached are the output files the service worker leaves out: the
// worker itself, and the 404 page, which GitHub Pages serves for any
// unknown path (offline, the worker answers those with the offline page).
var notPrecached = map[string]bool{"sw.js": true, "404.html": true}

// precacheManifest lists every file of files but those of notPrecached,
// in path order (sorted is files' paths, sorted), with the URLs under
// base; and the list as JSON, as json.Marshal would write it (each entry
// is kept with its revision, so that a rebuild encodes only new ones).
func precacheManifest(files Files, sorted []string, base string, revisions map[string]revision) ([]precacheEntry, []byte) {
	paths := make([]string, 0, len(sorted))
	for _, p := range sorted {
		if !notPrecached[p] {
			paths = append(paths, p)
		}
	}
	m := make([]precacheEntry, len(paths))
	encoded := make([][]byte, len(paths))
	fresh := make([]bool, len(paths))
	parallel.For(len(paths), func(i int) {
		data := files[paths[i]]
		rev, ok := revisions[paths[i]]
		m[i] = precacheEntry{URL: base + strings.TrimSuffix(paths[i], "index.html"), Revision: rev.rev}
		if !ok || !bytes.Equal(rev.data, data) {
			sum := sha256.Sum256(data)
			m[i].Revision = hex.EncodeToString(sum[:])
			enc, _ := json.Marshal(m[i]) // strings only: it cannot fail
			rev, fresh[i] = revision{data, m[i].Revision, enc}, true
		}
		encoded[i] = rev.json
	})
	if revisions != nil {
		for p := range revisions {
			if _, ok := files[p]; !ok {
				delete(revisions, p)
			}
		}
		for i, p := range paths {
			if fresh[i] {
				revisions[p] = revision{files[p], m[i].Revision, encoded[i]}
			}
		}
	}
	list := append([]byte{'['}, bytes.Join(encoded, []byte{','})...)
	return m, append(list, ']')
}

// revision is a file's revision in the precache list, kept with the
// bytes it was computed from: a rebuild hashes only the files whose bytes
// changed (comparing a page taken from the last build with itself costs
// nothing: the same bytes).
type revision struct {
	data []byte
	rev  string
	json []byte // the manifest's entry, as json.Marshal writes it
}

// cachePrefix is what the names of all caches of a site at base start
// with. Every GitHub project site of a user shares the origin
// user.github.io, and so one Cache Storage: the base path keeps them apart.
func cachePrefix(base string) string { return "liftwell:" + base + ":" }

// cacheName names the cache of one version of the site: the prefix, then
// a hash of the manifest and of the worker's own code, so that a new
// version (a changed file, or a changed worker) never writes into the
// cache the running version serves from.
func cacheName(base string, manifest []byte, code []byte) string {
	h := sha256.New()
	h.Write(manifest)
	h.Write([]byte{0})
	h.Write(code)
	return cachePrefix(base) + hex.EncodeToString(h.Sum(nil)[:6])
}

// workerTypes are the Content-Type headers the service worker gives the
// files it serves from its cache, by extension: the worker never trusts a
// header stored in the cache (any page of the origin can write one), so
// that a sibling cannot have, say, a script of ours shown as a page.
// GitHub Pages sends these types; an extension not listed gets
// application/octet-stream.
var workerTypes = map[string]string{
	"html":        "text/html; charset=utf-8",
	"css":         "text/css; charset=utf-8",
	"js":          "text/javascript; charset=utf-8",
	"json":        "application/json; charset=utf-8",
	"webmanifest": "application/manifest+json; charset=utf-8",
	"xml":         "application/xml",
	"txt":         "text/plain; charset=utf-8",
	"svg":         "image/svg+xml",
	"png":         "image/png",
	"jpg":         "image/jpeg",
	"jpeg":        "image/jpeg",
	"webp":        "image/webp",
	"avif":        "image/avif",
	"gif":         "image/gif",
	"ico":         "image/x-icon",
	"woff2":       "font/woff2",
	"wasm":        "application/wasm",
}

// workerTypesJSON is the TYPES constant of sw.js: workerTypes, for the
// extensions of paths only (a directory page, "dir/", is "html").
func workerTypesJSON(paths []string) []byte {
	used := map[string]string{"html": workerTypes["html"]}
	for _, p := range paths {
		ext := strings.TrimPrefix(filepath.Ext(p), ".")
		if t, ok := workerTypes[ext]; ok {
			used[ext] = t
		}
	}
	out, _ := json.Marshal(used) // sorted keys, strings only: it cannot fail
	return out
}

// addServiceWorker generates sw.js from the output files: a "use strict"
// directive, then the precache manifest, the base path, the cache name,
// the cache prefix and the content types as constants, then the code of
// templates/sw.js. It must run last, once every other file is final.
func (b *Builder) addServiceWorker() error {
	path := filepath.Join(b.cfg.Templates, "sw.js")
	src, err := b.readTemplate("sw.js")
	if err != nil {
		return err
	}
	// The code is minified on its own first, so that a change to its
	// comments alone changes neither the worker nor the cache name.
	var code bytes.Buffer
	if err := minifier.Minify("application/javascript", &code, bytes.NewReader(src)); err != nil {
		return &srcerr.Error{Path: path, Msg: "cannot minify: " + err.Error()}
	}
	var revisions map[string]revision
	if b.inc != nil {
		revisions = b.inc.revisions
	}
	sorted := b.sortedPaths()
	_, list := precacheManifest(b.files, sorted, b.cfg.Base, revisions)
	types := workerTypesJSON(sorted)
	var out bytes.Buffer
	out.WriteString("\"use strict\";\n")
	out.WriteString("const PRECACHE=" + string(list) + ";\n")
	out.WriteString("const BASE=" + jsString(b.cfg.Base) + ";\n")
	out.WriteString("const CACHE=" + jsString(cacheName(b.cfg.Base, bytes.Join([][]byte{list, types}, nil), code.Bytes())) + ";\n")
	out.WriteString("const CACHE_PREFIX=" + jsString(cachePrefix(b.cfg.Base)) + ";\n")
	out.WriteString("const TYPES=" + string(types) + ";\n")
	out.Write(code.Bytes())
	b.files["sw.js"] = out.Bytes()
	return nil
}

func jsString(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}
