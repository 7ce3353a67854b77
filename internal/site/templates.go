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
		t := template.New(name).Funcs(b.funcs())
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

// funcs are the functions templates can call.
func (b *Builder) funcs() template.FuncMap {
	return template.FuncMap{
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

type errorString string

func (e errorString) Error() string { return string(e) }
