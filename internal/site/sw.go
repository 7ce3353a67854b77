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
// (a directory page as "dir/", never "dir/index.html") and a revision, the
// start of its content's SHA-256 in hex, which the worker also checks the
// downloaded bytes against.
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
			m[i].Revision = hex.EncodeToString(sum[:8])
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

// addServiceWorker generates sw.js from the output files: a "use strict"
// directive, then the precache manifest, the base path, the cache name and
// the cache prefix as constants, then the code of templates/sw.js. It must
// run last, once every other file is final.
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
	_, list := precacheManifest(b.files, b.sortedPaths(), b.cfg.Base, revisions)
	var out bytes.Buffer
	out.WriteString("\"use strict\";\n")
	out.WriteString("const PRECACHE=" + string(list) + ";\n")
	out.WriteString("const BASE=" + jsString(b.cfg.Base) + ";\n")
	out.WriteString("const CACHE=" + jsString(cacheName(b.cfg.Base, list, code.Bytes())) + ";\n")
	out.WriteString("const CACHE_PREFIX=" + jsString(cachePrefix(b.cfg.Base)) + ";\n")
	out.Write(code.Bytes())
	b.files["sw.js"] = out.Bytes()
	return nil
}

func jsString(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}
