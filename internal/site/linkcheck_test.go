package site

import (
	"strings"
	"testing"
)

// TestCheckLinks runs the link check over a small hand-made build under
// /liftwell/ and compares the errors it reports.
func TestCheckLinks(t *testing.T) {
	const base = "/liftwell/"
	page := func(body string) []byte {
		return []byte(`<!doctype html><html><head><link rel="preconnect" href="https://fonts.example.com/nothing"></head><body>` + body + `</body></html>`)
	}
	files := Files{
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
<div data-wasm="/liftwell/assets/c.wasm" data-wasm-exec="/liftwell/assets/e.js"></div>`),
		"articles/a/index.html": page(`<h2 id="part">Part</h2><a href="../../">up</a><a href="/liftwell/articles/b/">written</a>`),
		"assets/x.svg":          []byte("<svg/>"),
		"assets/e.js":           []byte(""),
		"sitemap.xml":           []byte(`<?xml version="1.0"?><urlset><url><loc>https://site.example/liftwell/</loc></url><url><loc>https://site.example/liftwell/gone/</loc></url></urlset>`),
		"feed.xml":              []byte(`<?xml version="1.0"?><feed><id>https://site.example/liftwell/</id><link href="https://site.example/liftwell/feed.xml"/><entry><link href="https://site.example/liftwell/old/"/></entry></feed>`),
	}
	written := []sourceLink{{href: "/liftwell/articles/b/", path: "content/articles/a.md", page: "articles/a/index.html", line: 12, col: 5}}
	err := checkLinks(files, "https://site.example", base, written, nil)
	want := []string{
		`content/articles/a.md:12:5: broken link "/liftwell/articles/b/": no such page or file`,
		`the built feed.xml: broken link "/liftwell/old/": no such page or file`,
		`the built index.html: broken link "#": empty fragment`,
		`the built index.html: broken link "#gone": no element with id "gone" in /liftwell/index.html`,
		`the built index.html: broken link "/articles/a/": outside the base path /liftwell/`,
		`the built index.html: broken link "/liftwell/articles/a": a folder: end the link with a slash`,
		`the built index.html: broken link "/liftwell/articles/a/#nowhere": no element with id "nowhere" in /liftwell/articles/a/index.html`,
		`the built index.html: broken link "/liftwell/articles/missing/": no such page or file`,
		`the built index.html: broken link "/liftwell/assets/c.wasm": no such page or file`,
		`the built index.html: broken link "/liftwell/assets/y.svg": no such page or file`,
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

// TestCheckLinksClean: a build whose links all resolve passes.
func TestCheckLinksClean(t *testing.T) {
	files := Files{
		"index.html":   []byte(`<a href="/">home</a><a href="/a/#x">a</a><img src="/i.svg">`),
		"a/index.html": []byte(`<p id="x"><a href="../">up</a><a href="#x">here</a></p>`),
		"i.svg":        []byte(`<svg/>`),
		"sitemap.xml":  []byte(`<urlset><url><loc>http://localhost:8080/a/</loc></url></urlset>`),
	}
	if err := checkLinks(files, "http://localhost:8080", "/", nil, nil); err != nil {
		t.Errorf("checkLinks: %v", err)
	}
}

// TestCheckLinksOwnOrigin: a broken link written in Markdown with the
// site's own origin in full is reported where it is written (issue 12,
// §6), not in the built page.
func TestCheckLinksOwnOrigin(t *testing.T) {
	files := Files{"a/index.html": []byte(`<a href="http://localhost:8080/nope/">x</a><a href="https://site.example/gone/">y</a>`)}
	written := []sourceLink{
		{href: "http://localhost:8080/nope/", path: "content/articles/a.md", page: "a/index.html", line: 3, col: 7},
		{href: "https://site.example/gone/", path: "content/articles/a.md", page: "a/index.html", line: 4, col: 1},
	}
	for _, origin := range []string{"http://localhost:8080", "https://site.example"} {
		err := checkLinks(files, origin, "/", written, nil)
		want := `content/articles/a.md:3:7: broken link "http://localhost:8080/nope/": no such page or file` + "\n" +
			`content/articles/a.md:4:1: broken link "https://site.example/gone/": no such page or file`
		if origin == "http://localhost:8080" {
			want = want[:strings.IndexByte(want, '\n')] // the other is an outside link then
		}
		if err == nil || err.Error() != want {
			t.Errorf("origin %s: errors\n%v\nwant\n%s", origin, err, want)
		}
	}
}
