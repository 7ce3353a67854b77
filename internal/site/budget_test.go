package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/wasmbuild"
)

// Performance budgets of the real site, in bytes sent over the wire
// (gzip at its default level, as static hosts compress text), checked on
// a build of content/ and templates/ with the real WebAssembly module.
// Times vary from machine to machine; sizes do not, so these are what the
// tests hold. KB here is 1,000 bytes.
//
//	go test -run Budget -v ./internal/site/   # prints every figure
//
// The build compiles the checker module, so -short skips them.
const (
	articleBudget  = 25_000    // one article: its HTML plus the stylesheet
	moduleBudget   = 615_000   // the WebAssembly module: 600 KB for the checker (v2), 10 KB more for the pain log (issue 15), 5 KB for spec v3 (15 more answers and their rules, issue 20)
	precacheBudget = 1_000_000 // everything the service worker fetches on the first visit
)

// realSite builds the real site once for all budget tests.
func realSite(t *testing.T) Files {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the real site and compiles the checker module; skipped with -short")
	}
	realOnce.Do(func() {
		module, wasmExec, err := wasmbuild.Compile("../..")
		if err != nil {
			realErr = err
			return
		}
		b, err := New(Config{
			Content:     "../../content",
			Templates:   "../../templates",
			Base:        "/",
			Origin:      "https://example.org",
			ModuleDir:   "../..",
			Module:      module,
			WasmExec:    wasmExec,
			Checker:     new(checker.Page()),
			RulesSource: checker.RulesSource,
		})
		if err != nil {
			realErr = err
			return
		}
		realFiles, realErr = b.Build()
	})
	if realErr != nil {
		t.Fatalf("building the real site: %v", realErr)
	}
	return realFiles
}

var (
	realOnce  sync.Once
	realFiles Files
	realErr   error
)

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }

// stylesheets returns the href of every <link rel=stylesheet> in a page.
func stylesheets(page []byte) []string {
	var hrefs []string
	forEachTag(page, func(name string, attrs map[string]string, inHead bool) {
		if name == "link" && hasToken(attrs["rel"], "stylesheet") {
			hrefs = append(hrefs, attrs["href"])
		}
	})
	return hrefs
}

// forEachTag calls f for every start tag with its attributes (keys lower
// case) and whether it is inside <head>.
func forEachTag(page []byte, f func(name string, attrs map[string]string, inHead bool)) {
	z := html.NewTokenizer(bytes.NewReader(page))
	inHead := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				inHead = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "head" {
				inHead = true
			}
			if tok.Data == "body" {
				inHead = false
			}
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[strings.ToLower(a.Key)] = a.Val
			}
			f(tok.Data, attrs, inHead)
		}
	}
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == token {
			return true
		}
	}
	return false
}

// assetFile turns a root-relative URL of the build into its file.
func assetFile(files Files, url string) ([]byte, bool) {
	p := strings.TrimPrefix(url, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	data, ok := files[p]
	return data, ok
}

func htmlFiles(files Files) []string {
	var pages []string
	for _, p := range files.Paths() {
		if path.Ext(p) == ".html" {
			pages = append(pages, p)
		}
	}
	return pages
}

// TestArticleBudget: every article's HTML plus its stylesheet is at most
// 25 KB gzip.
func TestArticleBudget(t *testing.T) {
	files := realSite(t)
	n := 0
	for _, p := range htmlFiles(files) {
		if !strings.HasPrefix(p, "articles/") {
			continue
		}
		n++
		page := files[p]
		total := gzipSize(page)
		css := 0
		for _, href := range stylesheets(page) {
			data, ok := assetFile(files, href)
			if !ok {
				t.Errorf("%s: stylesheet %s is not in the build", p, href)
				continue
			}
			css += gzipSize(data)
		}
		total += css
		t.Logf("%s: %s gzip (HTML %s + CSS %s)", p, kb(total), kb(total-css), kb(css))
		if total > articleBudget {
			t.Errorf("%s: HTML plus CSS is %s gzip (HTML %s, CSS %s), over the budget of %s", p, kb(total), kb(total-css), kb(css), kb(articleBudget))
		}
	}
	if n == 0 {
		t.Error("no article pages in the build")
	}
}

// TestModuleBudget: the WebAssembly module (the checker and the pain log)
// is at most moduleBudget bytes gzip.
func TestModuleBudget(t *testing.T) {
	files := realSite(t)
	n := 0
	for _, p := range files.Paths() {
		if path.Ext(p) != ".wasm" {
			continue
		}
		n++
		size := gzipSize(files[p])
		t.Logf("%s: %s gzip (%s raw)", p, kb(size), kb(len(files[p])))
		if size > moduleBudget {
			t.Errorf("%s: the WebAssembly module is %s gzip (%s raw), over the budget of %s", p, kb(size), kb(len(files[p])), kb(moduleBudget))
		}
	}
	if n == 0 {
		t.Error("no .wasm file in the build")
	}
}

// TestPrecacheBudget: what the service worker fetches on the first visit
// (every output file but 404.html and sw.js, which it lists in PRECACHE,
// plus sw.js itself) is at most 1 MB gzip.
func TestPrecacheBudget(t *testing.T) {
	files := realSite(t)
	total := 0
	type item struct {
		path string
		size int
	}
	var biggest []item
	for _, p := range files.Paths() {
		if p == "404.html" {
			continue
		}
		size := gzipSize(files[p])
		total += size
		biggest = append(biggest, item{p, size})
	}
	// The five biggest files, to say where the bytes go.
	for i := range biggest {
		for j := i + 1; j < len(biggest); j++ {
			if biggest[j].size > biggest[i].size {
				biggest[i], biggest[j] = biggest[j], biggest[i]
			}
		}
	}
	var top []string
	for _, it := range biggest[:min(5, len(biggest))] {
		top = append(top, it.path+" "+kb(it.size))
	}
	t.Logf("precache: %d files, %s gzip; biggest: %s", len(biggest), kb(total), strings.Join(top, ", "))
	if total > precacheBudget {
		t.Errorf("first visit precaches %d files, %s gzip, over the budget of %s; biggest: %s", len(biggest), kb(total), kb(precacheBudget), strings.Join(top, ", "))
	}
	if _, ok := files["sw.js"]; !ok {
		t.Error("no sw.js in the build")
	}
}

var cssImport = regexp.MustCompile(`(?i)@import\b`)

// TestNoRenderBlocking: the only render-blocking request of a page is its
// one stylesheet. Every page has exactly one <link rel=stylesheet>, in
// <head>; every <script src> has defer, async or type=module; and the
// stylesheet imports nothing.
func TestNoRenderBlocking(t *testing.T) {
	files := realSite(t)
	for _, p := range htmlFiles(files) {
		sheets, sheetsInHead := 0, 0
		forEachTag(files[p], func(name string, attrs map[string]string, inHead bool) {
			switch name {
			case "link":
				if hasToken(attrs["rel"], "stylesheet") {
					sheets++
					if inHead {
						sheetsInHead++
					}
					if data, ok := assetFile(files, attrs["href"]); ok && cssImport.Match(data) {
						t.Errorf("%s: stylesheet %s uses @import, another render-blocking request", p, attrs["href"])
					}
				}
			case "script":
				src, hasSrc := attrs["src"]
				_, deferred := attrs["defer"]
				_, async := attrs["async"]
				if hasSrc && !deferred && !async && strings.ToLower(attrs["type"]) != "module" {
					t.Errorf("%s: <script src=%q> blocks rendering: add defer (or async, or type=module)", p, src)
				}
			}
		})
		if sheets != 1 || sheetsInHead != 1 {
			t.Errorf("%s: %d <link rel=stylesheet> (%d in <head>), want exactly 1, in <head>", p, sheets, sheetsInHead)
		}
	}
}

var number = regexp.MustCompile(`^[0-9]+$`)

// TestImagesHaveSize: every <img> has a numeric width and height, so
// pages do not shift as images load.
func TestImagesHaveSize(t *testing.T) {
	files := realSite(t)
	imgs := 0
	for _, p := range htmlFiles(files) {
		forEachTag(files[p], func(name string, attrs map[string]string, inHead bool) {
			if name != "img" {
				return
			}
			imgs++
			if !number.MatchString(attrs["width"]) || !number.MatchString(attrs["height"]) {
				t.Errorf("%s: <img src=%q> has width=%q height=%q, want both as numbers of pixels (layout shift)", p, attrs["src"], attrs["width"], attrs["height"])
			}
		})
	}
	t.Logf("%d <img> elements in %d pages", imgs, len(htmlFiles(files)))
}
