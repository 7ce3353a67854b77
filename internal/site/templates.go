package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/liftwell/liftwell/internal/content"
)

// pageTemplate is one page template parsed together with layout.html and
// every partial (files named _*.html), twice: as written, and minified.
//
// Pages are drawn from the minified parse, so their HTML comes out
// minified with no pass over the whole page: the text of the templates is
// minified once, when they are loaded, and what goes into them is either
// short escaped text or HTML the builder minified when it made it (the
// Markdown bodies, the highlighted rules). The parse as written is there
// for when the minified one fails: a template error is reported from it,
// so that it names the lines of the file as written, and the page is then
// drawn from it and minified whole, as a page would be without all this.
type pageTemplate struct {
	*template.Template                    // as written
	min                *template.Template // minified; nil if it does not parse
	path               string
}

// loadTemplates parses templates/*.html, reusing the last parse when no
// file changed.
func (b *Builder) loadTemplates() error {
	files, err := filepath.Glob(filepath.Join(b.cfg.Templates, "*.html"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	h := sha256.New()
	sources := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return &content.Error{Path: f, Msg: err.Error()}
		}
		h.Write([]byte(f))
		h.Write(data)
		sources[f] = string(data)
	}
	key := hex.EncodeToString(h.Sum(nil))
	if key == b.cache.templatesKey {
		return nil
	}
	layout := filepath.Join(b.cfg.Templates, "layout.html")
	if _, ok := sources[layout]; !ok {
		return &content.Error{Path: layout, Msg: "missing: every page is drawn inside it"}
	}
	minified := map[string]string{}
	for f, src := range sources {
		minified[f] = minifyTemplate(src)
	}
	var errs content.List
	parsed := map[string]*pageTemplate{}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := b.parseSet(name, files, sources)
		if err != nil {
			errs.Add(err)
			continue
		}
		// Minified sources that do not parse (which would be a bug of the
		// minifier) leave pages to be minified whole.
		min, _ := b.parseSet(name, files, minified)
		parsed[name] = &pageTemplate{Template: t, min: min, path: f}
	}
	if errs.Err() != nil {
		return errs
	}
	b.cache.templatesKey, b.cache.templates = key, parsed
	return nil
}

// parseSet parses the page template file name with layout.html and the
// partials, taking their text from sources.
func (b *Builder) parseSet(name string, files []string, sources map[string]string) (*template.Template, error) {
	var errs content.List
	t := template.New(name).Funcs(b.funcs(name))
	_, err := t.Parse(sources[filepath.Join(b.cfg.Templates, name)])
	errs.Add(templateError(err, b.cfg.Templates))
	for _, part := range files {
		if base := filepath.Base(part); base == "layout.html" || strings.HasPrefix(base, "_") {
			_, err := t.New(base).Parse(sources[part])
			errs.Add(templateError(err, b.cfg.Templates))
		}
	}
	return t, errs.Err()
}

// execute runs the template name of t with data into buf, from the
// minified parse when it can and may; minified says whether it did.
func (t *pageTemplate) execute(buf *bytes.Buffer, name string, data any, mayMinify bool) (minified bool, err error) {
	if t.min != nil && mayMinify {
		if err := t.min.ExecuteTemplate(buf, name, data); err == nil {
			return true, nil
		}
		buf.Reset()
	}
	return false, t.ExecuteTemplate(buf, name, data)
}

var templatePos = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+)(?::(\d+))?: `)

// templateError turns "template: name:12:5: message" (or html/template's
// "html/template:name:12:5: message") into an error that names the
// template file, line and column.
func templateError(err error, dir string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	m := templatePos.FindStringSubmatch(msg)
	if m == nil {
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "html/"), "template: ")
		return &content.Error{Path: dir, Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return &content.Error{Path: filepath.Join(dir, m[1]), Line: line, Col: col, Msg: msg[len(m[0]):]}
}

// funcs are the functions the templates parsed with page can call.
func (b *Builder) funcs(page string) template.FuncMap {
	return template.FuncMap{
		// shared "site-footer" inserts the template of that name, run
		// once per build with the SiteData as dot: for the parts of the
		// layout that are the same on every page.
		"shared": func(name string) (template.HTML, error) { return b.shared.get(page, name) },
		// url "/checker/" gives the path under the base path.
		"url": b.url,
		// absURL gives the absolute URL, for canonical and Open Graph.
		"absURL": b.absURL,
		// asset "app.js" gives the hashed URL of a static file.
		"asset": func(name string) (string, error) {
			u, ok := b.assets[name]
			if !ok {
				return "", errorString("no static file " + quote(name) + " in templates/static")
			}
			return u, nil
		},
		// absAsset is asset with the origin in front.
		"absAsset": func(name string) (string, error) {
			u, ok := b.assets[name]
			if !ok {
				return "", errorString("no static file " + quote(name) + " in templates/static")
			}
			return b.cfg.Origin + u, nil
		},
		"wasmURL":     func() string { return b.assets["checker.wasm"] },
		"wasmExecURL": func() string { return b.assets["wasm_exec.js"] },
		"base":        func() string { return b.cfg.Base },
		"join":        strings.Join,
	}
}

// sharedFragments holds the output of the templates that `shared`
// inserts, each made once per build and page template. Pages render
// concurrently: the first to ask for a fragment makes it (two may, the
// same), outside the lock, since a fragment may insert another.
type sharedFragments struct {
	mu        sync.Mutex
	data      *SiteData
	templates map[string]*pageTemplate
	out       map[[2]string]template.HTML // by page template and name
	making    map[[2]string]int           // how many are making each
}

// reset forgets the last build's fragments.
func (s *sharedFragments) reset(data *SiteData, templates map[string]*pageTemplate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data, s.templates = data, templates
	s.out, s.making = map[[2]string]template.HTML{}, map[[2]string]int{}
}

// get returns the fragment name of page's templates, making it if need be.
// Fragments that insert each other in a loop are an error: each level of
// the loop is one more maker of the same fragment, and there are never
// more makers than goroutines rendering pages.
func (s *sharedFragments) get(page, name string) (template.HTML, error) {
	key := [2]string{page, name}
	s.mu.Lock()
	h, ok := s.out[key]
	t := s.templates[page]
	if !ok {
		s.making[key]++
		defer func() { s.mu.Lock(); s.making[key]--; s.mu.Unlock() }()
	}
	loop := s.making[key] > runtime.GOMAXPROCS(0)+1
	s.mu.Unlock()
	switch {
	case ok:
		return h, nil
	case t == nil || t.Lookup(name) == nil:
		return "", errorString("no template " + quote(name) + " to share")
	case loop:
		return "", errorString("shared templates insert each other in a loop")
	}
	// Fragments are made once a build: minifying them whole costs
	// nothing, and takes out the spaces a template's own minifying must
	// leave next to its actions.
	var buf bytes.Buffer
	if _, err := t.execute(&buf, name, s.data, true); err != nil {
		return "", &fragmentError{err}
	}
	out, err := minifyHTML(buf.Bytes())
	if err != nil {
		return "", &fragmentError{err}
	}
	s.mu.Lock()
	s.out[key] = template.HTML(out)
	s.mu.Unlock()
	return template.HTML(out), nil
}

// fragmentError is a shared template's own error, which the page's error
// wraps: the build reports where the innermost fragment failed, not where
// the layout calls it.
type fragmentError struct{ err error }

func (e *fragmentError) Error() string { return e.err.Error() }

type errorString string

func (e errorString) Error() string { return string(e) }
