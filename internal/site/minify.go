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

	"github.com/liftwell/liftwell/internal/content"
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
func (b *Builder) minifyAll() error {
	var errs content.List
	for p, data := range b.files {
		mt, ok := mediaTypes[path.Ext(p)]
		if !ok || mt == "text/html" || path.Base(p) == path.Base(b.assets["wasm_exec.js"]) {
			continue
		}
		var out bytes.Buffer
		if err := minifier.Minify(mt, &out, bytes.NewReader(data)); err != nil {
			errs.Addf(p, 0, 0, "cannot minify: "+err.Error())
			continue
		}
		b.files[p] = out.Bytes()
	}
	return errs.Err()
}
