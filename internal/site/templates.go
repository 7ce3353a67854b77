package site

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/liftwell/liftwell/internal/content"
)

// pageTemplate is one page template parsed together with layout.html and
// every partial (files named _*.html).
type pageTemplate struct {
	*template.Template
	path string
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
	var errs content.List
	parsed := map[string]*pageTemplate{}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t := template.New(name).Funcs(b.funcs(name))
		_, err := t.Parse(sources[f])
		errs.Add(templateError(err, b.cfg.Templates))
		for _, part := range files {
			if part == layout || strings.HasPrefix(filepath.Base(part), "_") {
				_, err := t.New(filepath.Base(part)).Parse(sources[part])
				errs.Add(templateError(err, b.cfg.Templates))
			}
		}
		parsed[name] = &pageTemplate{Template: t, path: f}
	}
	if errs.Err() != nil {
		return errs
	}
	b.cache.templatesKey, b.cache.templates = key, parsed
	return nil
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
// inserts, each run once per build and page template. Pages render
// concurrently, so the first to ask renders a fragment under the lock.
type sharedFragments struct {
	mu        sync.Mutex
	data      *SiteData
	templates map[string]*pageTemplate
	out       map[[2]string]template.HTML // by page template and name
}

// reset forgets the last build's fragments.
func (s *sharedFragments) reset(data *SiteData, templates map[string]*pageTemplate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data, s.templates, s.out = data, templates, map[[2]string]template.HTML{}
}

func (s *sharedFragments) get(page, name string) (template.HTML, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := [2]string{page, name}
	if h, ok := s.out[key]; ok {
		return h, nil
	}
	t := s.templates[page]
	if t == nil || t.Lookup(name) == nil {
		return "", errorString("no template " + quote(name) + " to share")
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, name, s.data); err != nil {
		return "", &fragmentError{err}
	}
	h := template.HTML(buf.String())
	s.out[key] = h
	return h, nil
}

// fragmentError is a shared template's own error, which the page's error
// wraps: the build reports where the fragment failed, not where the
// layout calls it.
type fragmentError struct{ err error }

func (e *fragmentError) Error() string { return e.err.Error() }

type errorString string

func (e errorString) Error() string { return string(e) }
