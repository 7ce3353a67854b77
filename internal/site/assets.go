package site

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/svg"
	"github.com/liftwell/liftwell/internal/wasmbuild"
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
func (b *build) addAsset(name string, data []byte) string {
	out := "assets/" + b.hashedName(name, data)
	b.files[out] = data
	b.assets[name] = b.url("/" + out)
	return b.assets[name]
}

// hashedName is hashName, kept between builds for the same bytes (the
// same slice: the module, a drawing, a static file read once), so that a
// rebuild does not hash the 2 MB module again.
func (b *build) hashedName(name string, data []byte) string {
	if len(data) == 0 {
		return hashName(name, data)
	}
	if h, ok := b.inc.hashed[name]; ok && h.data == &data[0] && h.n == len(data) {
		return h.out
	}
	out := hashName(name, data)
	if b.inc.hashed == nil {
		b.inc.hashed = map[string]hashedAsset{}
	}
	b.inc.hashed[name] = hashedAsset{&data[0], len(data), out}
	return out
}

// hashedAsset is an asset's hashed name, with the bytes it was made from.
type hashedAsset struct {
	data *byte
	n    int
	out  string
}

// noscriptCSS is the one stylesheet of templates/static kept out of
// style.css: how a page looks when its script does not run. A page links
// it from a <noscript> in its head, so that browsers running scripts never
// fetch it; app.js does what it says when the page's script did not start.
const noscriptCSS = "noscript.css"

// addAssets adds templates/static (all CSS but noscriptCSS joined into one
// style.css, with the code-highlighting styles), the content's drawings
// and the checker's WebAssembly module with the wasm_exec.js of the same
// Go release.
func (b *build) addAssets() error {
	var errs srcerr.List
	static := filepath.Join(b.cfg.Templates, "static")
	entries, err := b.readTemplateDir("static")
	if err != nil {
		return &srcerr.Error{Path: static, Msg: "cannot read static files: " + err.Error()}
	}
	css := map[string][]byte{}
	lastSVG := b.cache.svg
	b.cache.svg = map[*byte]svgResult{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		file := filepath.Join(static, e.Name())
		if msg := staticName(e.Name()); msg != "" {
			errs.AddAt(file, 0, 0, msg)
			continue
		}
		data, err := b.readTemplate("static/" + e.Name())
		if err != nil {
			errs.Add(err)
			continue
		}
		switch path.Ext(e.Name()) {
		case ".css":
			checkCSSURLs(file, data, &errs)
			if e.Name() != noscriptCSS {
				css[e.Name()] = data
				continue
			}
		case ".svg":
			if data = b.staticSVG(file, data, lastSVG, &errs); data == nil {
				continue
			}
		}
		b.addAsset(e.Name(), data)
	}
	errs.Add(b.addStylesheet(css))
	for _, name := range slices.Sorted(maps.Keys(b.site.Images)) {
		b.addAsset(name, b.site.Images[name].Data)
	}
	errs.Add(b.addModule())
	return errs.Err()
}

// staticTypes are the kinds of file templates/static may hold, by
// extension: styles, scripts, images and fonts. Anything a browser would
// run as a document on the site's origin (.html, .xml, .xsl, .xhtml, .svgz,
// .pdf...) is refused; an SVG is rebuilt by internal/svg as the content's
// drawings are.
var staticTypes = map[string]bool{
	".css": true, ".js": true, ".svg": true, ".png": true, ".jpg": true,
	".webp": true, ".ico": true, ".woff2": true, ".txt": true,
}

// staticName returns what is wrong with the name of a static file, or "":
// a slug (lowercase letters and digits in words joined by hyphens) and one
// extension of staticTypes, so that its URL needs no escaping and the
// service worker precaches the file it names.
func staticName(name string) string {
	ext := path.Ext(name)
	if !staticTypes[ext] {
		kinds := slices.Sorted(maps.Keys(staticTypes))
		return "static file of a type the site does not serve (" + srcerr.Quote(ext) + "): allowed are " + strings.Join(kinds, " ")
	}
	if !content.IsSlug(strings.TrimSuffix(name, ext)) {
		return "static file name " + srcerr.Quote(name) + " is not a slug: use lowercase letters, digits and single hyphens, like " + srcerr.Quote(slugify(strings.TrimSuffix(name, ext))+ext)
	}
	return ""
}

// slugify suggests a slug for s: lowercase, each run of other characters
// made one hyphen.
func slugify(s string) string {
	var out []byte
	for _, c := range []byte(strings.ToLower(s)) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			out = append(out, c)
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	if s := strings.Trim(string(out), "-"); s != "" {
		return s
	}
	return "file"
}

// staticSVG rebuilds an SVG of templates/static by the rules of the
// content's drawings (svg.Sanitize), or adds its problems to errs and
// returns nil: an icon holding a script, opened by its URL, would run on
// the site's origin.
func (b *Builder) staticSVG(file string, data []byte, last map[*byte]svgResult, errs *srcerr.List) []byte {
	var r svgResult
	if len(data) > 0 && last[&data[0]].n == len(data) {
		r = last[&data[0]]
	} else {
		d, problems := svg.Sanitize(data)
		r = svgResult{n: len(data), problems: problems}
		if d != nil && len(problems) == 0 {
			r.data = d.Data
		}
	}
	if len(data) > 0 {
		b.cache.svg[&data[0]] = r
	}
	for _, e := range r.problems {
		errs.AddAt(file, e.Line, e.Col, e.Msg)
	}
	return r.data
}

// svgResult is a static SVG rebuilt, kept for the same bytes so that the
// rebuilt drawing is the same slice (and its hashed name is kept).
type svgResult struct {
	n        int
	data     []byte
	problems []svg.Error
}

// addStylesheet joins the static CSS files (site.css first, then by name)
// and the highlighting styles into the one render-blocking stylesheet.
func (b *build) addStylesheet(files map[string][]byte) error {
	names := slices.Collect(maps.Keys(files))
	sort.Slice(names, func(i, j int) bool {
		return names[i] == "site.css" || names[j] != "site.css" && names[i] < names[j]
	})
	var all strings.Builder
	for _, name := range names {
		all.Write(files[name])
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

// contentImageURL is the URL of a drawing from the content directory.
func (b *build) contentImageURL(name string) string { return b.assets[name] }

// addModule adds the checker module and its loader, compiling the module
// only when its Go sources changed since the last build.
func (b *build) addModule() error {
	module, exec, err := b.module()
	if err != nil {
		return err
	}
	b.addAsset("checker.wasm", module)
	b.addAsset("wasm_exec.js", exec)
	return nil
}

// startModule starts getting the checker module ready (see
// wasmbuild.Start) while the build loads content, and returns the
// function that waits for it and keeps it for the next build. The
// module of Config.Module, when set, is used as it is.
func (b *build) startModule() func() (module, wasmExec []byte, err error) {
	if b.cfg.Module != nil {
		return func() ([]byte, []byte, error) { return b.cfg.Module, b.cfg.WasmExec, nil }
	}
	// Under a watcher, the sources are looked at again only when an event
	// named one of them.
	if w := b.watched(); w != nil && !w.moduleDirty && b.cache.module.Key != "" {
		m := b.cache.module
		return func() ([]byte, []byte, error) { return m.Wasm, m.WasmExec, nil }
	}
	wait := wasmbuild.Start(b.cfg.ModuleDir, b.cache.module)
	return func() ([]byte, []byte, error) {
		m, err := wait()
		if err == nil {
			b.cache.module = m
			if w := b.watched(); w != nil {
				w.moduleDirty = false
			}
		}
		return m.Wasm, m.WasmExec, err
	}
}
