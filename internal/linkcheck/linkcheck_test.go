package linkcheck

import (
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// TestCheck runs the link check over a small hand-made build under
// /liftwell/ and compares the errors it reports.
func TestCheck(t *testing.T) {
	const base = "/liftwell/"
	page := func(body string) []byte {
		return []byte(`<!doctype html><html><head><link rel="stylesheet" href="/liftwell/assets/e.js"></head><body>` + body + `</body></html>`)
	}
	files := map[string][]byte{
		"index.html": page(`<h1 id="top">Home</h1>
<a href="/liftwell/articles/a/">ok</a>
<a href="/liftwell/articles/a/#part">ok fragment</a>
<a href="#top">ok same page</a>
<a href="articles/a/">ok relative</a>
<a href="https://example.org/x">external</a>
<a href="mailto:x@example.org">mail</a>
<a href="tel:999">emergency number</a>
<a href="tel:call-me">not a number</a>
<a href="https://site.example/liftwell/articles/a/">own origin, ok</a>
<a href="https://site.example/liftwell/nope/">own origin, broken</a>
<a href="http://localhost:8080/liftwell/nope/">local, checked</a>
<a href="/liftwell/articles/missing/">missing</a>
<a href="/liftwell/articles/a">folder</a>
<a href="/liftwell/articles/a/#nowhere">no such id</a>
<a href="#gone">no id here</a>
<a href="#">empty fragment</a>
<a href="/articles/a/">outside base</a>
<a href="javascript:alert(1)">script</a>
<img src="/liftwell/assets/x.svg" srcset="/liftwell/assets/x.svg 1x, /liftwell/assets/y.svg 2x" alt="">
<div data-wasm="/liftwell/assets/c.wasm" data-wasm-exec="/liftwell/assets/e.js"></div>
<img src="https://tracker.example/p.png" alt=""><img src="/liftwell/assets/x.svg" srcset="//cdn.example/x.png 2x" alt="">
<svg><image href="https://tracker.example/i.png"/><a href="https://example.org/svg">plain SVG link, fine</a></svg>
<iframe src="data:text/html,hi"></iframe><form action="https://evil.example/"></form>
<link rel="preconnect" href="https://fonts.example.com/nothing"><script src="https://site.example/liftwell/assets/e.js"></script>`),
		"articles/a/index.html": page(`<h2 id="part">Part</h2><a href="../../">up</a><a href="/liftwell/articles/b/">written</a>`),
		"assets/x.svg":          []byte("<svg/>"),
		"assets/e.js":           []byte(""),
		"sitemap.xml":           []byte(`<?xml version="1.0"?><urlset><url><loc>https://site.example/liftwell/</loc></url><url><loc>https://site.example/liftwell/gone/</loc></url></urlset>`),
		"feed.xml":              []byte(`<?xml version="1.0"?><feed><id>https://site.example/liftwell/</id><link href="https://site.example/liftwell/feed.xml"/><entry><link href="https://site.example/liftwell/old/"/></entry></feed>`),
	}
	// The caller knows where one link was written.
	place := func(b Broken) error {
		if b.Page == "articles/a/index.html" && b.Ref == "/liftwell/articles/b/" {
			return &srcerr.Error{Path: "content/articles/a.md", Line: 12, Col: 5, Msg: b.Message()}
		}
		return nil
	}
	err := Check(files, base, "https://site.example", place)
	// Resources (img, link, script, SVG image, iframe, form) from another
	// origin are refused; plain links (a, also in SVG) are not.
	const foreign = "a page may load only the site's own files, not a resource from another origin"
	want := []string{
		`content/articles/a.md:12:5: broken link "/liftwell/articles/b/": no such page or file`,
		`the built feed.xml: broken link "/liftwell/old/": no such page or file`,
		`the built index.html: broken link "//cdn.example/x.png": ` + foreign,
		`the built index.html: broken link "/liftwell/assets/c.wasm": no such page or file`,
		`the built index.html: broken link "/liftwell/assets/y.svg": no such page or file`,
		`the built index.html: broken link "data:text/html,hi": ` + foreign,
		`the built index.html: broken link "https://evil.example/": ` + foreign,
		`the built index.html: broken link "https://fonts.example.com/nothing": ` + foreign,
		`the built index.html: broken link "https://tracker.example/i.png": ` + foreign,
		`the built index.html: broken link "https://tracker.example/p.png": ` + foreign,
		`the built index.html: broken link "#": empty fragment`,
		`the built index.html: broken link "#gone": no element with id "gone" in /liftwell/index.html`,
		`the built index.html: broken link "/articles/a/": outside the base path /liftwell/`,
		`the built index.html: broken link "/liftwell/articles/a": a folder: end the link with a slash`,
		`the built index.html: broken link "/liftwell/articles/a/#nowhere": no element with id "nowhere" in /liftwell/articles/a/index.html`,
		`the built index.html: broken link "/liftwell/articles/missing/": no such page or file`,
		`the built index.html: broken link "http://localhost:8080/liftwell/nope/": no such page or file`,
		`the built index.html: broken link "/liftwell/nope/": no such page or file`,
		`the built index.html: broken link "javascript:alert(1)": scheme javascript is not allowed`,
		`the built index.html: broken link "tel:call-me": a tel: link takes digits only, such as tel:999`,
		`the built sitemap.xml: broken link "/liftwell/gone/": no such page or file`,
	}
	if err == nil {
		t.Fatal("no errors")
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestCheckClean: a build whose links all resolve passes.
func TestCheckClean(t *testing.T) {
	files := map[string][]byte{
		"index.html":   []byte(`<a href="/">home</a><a href="/a/#x">a</a><img src="/i.svg">`),
		"a/index.html": []byte(`<p id="x"><a href="../">up</a><a href="#x">here</a></p>`),
		"i.svg":        []byte(`<svg/>`),
		"sitemap.xml":  []byte(`<urlset><url><loc>http://localhost:8080/a/</loc></url></urlset>`),
	}
	if err := Check(files, "/", "http://localhost:8080", nil); err != nil {
		t.Errorf("Check: %v", err)
	}
}
