package site

import (
	"bytes"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"

	"github.com/liftwell/liftwell/internal/srcerr"
)

var minifier = newMinifier()

func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// templateMinifier minifies the text of Go HTML templates, leaving their
// actions as they are.
var templateMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true, TemplateDelims: html.GoTemplateDelims})
	return m
}()

// minifyTemplate returns the source of a template minified, or as it is
// when the minifier cannot make sense of it.
func minifyTemplate(src string) string {
	out, err := templateMinifier.String("text/html", src)
	if err != nil {
		return src
	}
	return out
}

// minifyHTML minifies HTML: a page, or a piece the builder made (a
// Markdown body, highlighted code) to be put into minified pages. The
// minifier reads data in place when there is room after it for one more
// byte, and its output is never longer than its input: with both sized,
// minifying copies nothing and grows nothing.
func minifyHTML(data []byte) ([]byte, error) {
	out := buffer.NewWriter(make([]byte, 0, len(data)))
	if err := minifier.Minify("text/html", out, buffer.NewReader(data)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var mediaTypes = map[string]string{
	".html":        "text/html",
	".css":         "text/css",
	".js":          "application/javascript",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml",
}

// minifyAll minifies every file it has a minifier for but pages, which
// render minifies as it goes. The wasm_exec.js loader is left as the Go
// release ships it.
func (b *build) minifyAll() error {
	var errs srcerr.List
	for p, data := range b.files {
		mt, ok := mediaTypes[path.Ext(p)]
		if !ok || mt == "text/html" || path.Base(p) == path.Base(b.assets["wasm_exec.js"]) {
			continue
		}
		if m, ok := b.inc.minified[p]; ok && bytes.Equal(m[0], data) {
			b.files[p] = m[1]
			continue
		}
		var out bytes.Buffer
		if err := minifier.Minify(mt, &out, bytes.NewReader(data)); err != nil {
			errs.AddAt(p, 0, 0, "cannot minify: "+err.Error())
			continue
		}
		b.files[p] = out.Bytes()
		b.inc.minified[p] = [2][]byte{data, out.Bytes()}
	}
	for p := range b.inc.minified {
		if _, ok := b.files[p]; !ok {
			delete(b.inc.minified, p)
		}
	}
	return errs.Err()
}
