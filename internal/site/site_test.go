package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/output"
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/testfix"
)

// The tests here build small fixture sites: testdata/site holds a content
// tree (two articles, two exercises, their drawings) and minimal templates
// that draw every page the builder makes, so that the tests do not depend
// on the real content or templates. Cases in testdata/errors and
// testdata/render are txtar archives applied on top of it.
//
// go test -update rewrites the golden sections of those archives.

var updateGolden = flag.Bool("update", false, "rewrite the golden sections of testdata/render and testdata/errors")

const fixtureSite = "testdata/site"

// fixtureOrigin is the origin of fixture builds: not a local one, so that
// the builder's own link check and the tests' checks are independent.
const fixtureOrigin = "https://example.github.io"

// fixtureConfig is a build of the tree at root (with content/ and
// templates/; "../.." is the real site) under base, with the checker's
// real tables and testfix's fake module, so that nothing compiles. It is
// the one Config of this package's tests: sitetest.Config again, which
// they cannot import (sitetest imports site).
func fixtureConfig(root, base string) Config {
	return Config{
		Content:     filepath.Join(root, "content"),
		Templates:   filepath.Join(root, "templates"),
		Base:        base,
		Origin:      fixtureOrigin,
		ModuleDir:   root,
		Module:      testfix.Module,
		WasmExec:    testfix.WasmExec,
		Checker:     new(checker.Page()),
		RulesSource: checker.RulesSource,
	}
}

// fixtureFS is testdata/site in memory, with the case ar applied when it
// is not nil, for memConfig: a test changes the tree by changing the map.
func fixtureFS(t testing.TB, ar *txtar.Archive) fstest.MapFS {
	t.Helper()
	fsys := testfix.ReadTree(t, fixtureSite)
	if ar != nil {
		parseCase(t, ar).ApplyFS(t, fsys)
	}
	return fsys
}

// memConfig is fixtureConfig for the tree fsys (with content/ and
// templates/), read from memory; errors name content/ and templates/.
func memConfig(t testing.TB, fsys fs.FS, base string) Config {
	cfg := fixtureConfig("", base)
	cfg.ContentFS, cfg.TemplatesFS = testfix.Sub(t, fsys, "content"), testfix.Sub(t, fsys, "templates")
	return cfg
}

// fixtureBuild builds cfg and fails the test on an error.
func fixtureBuild(t testing.TB, cfg Config) Files {
	t.Helper()
	_, files := buildWith(t, cfg)
	return files
}

// keepLast makes b hand each build to the test as it ends (Builder.onBuild)
// and returns what gives the last one, made current again so that its
// templates and Markdown can run outside the build.
func keepLast(b *Builder) func() *build {
	var last *build
	b.onBuild = func(bd *build) { last = bd }
	return func() *build {
		b.cur = last
		return last
	}
}

// buildWith builds cfg with a new Builder, which each of setup may change
// first, and fails the test on an error. It returns the Builder too, for
// tests that look at what it kept.
func buildWith(t testing.TB, cfg Config, setup ...func(*Builder)) (*Builder, Files) {
	t.Helper()
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range setup {
		f(b)
	}
	files, err := b.Build()
	if err != nil {
		t.Fatalf("build of %s under %s:\n%v", cfg.Content, cfg.Base, err)
	}
	return b, files
}

// newFixture copies testdata/site to a temporary directory, for a test
// that changes it on disk, and returns the directory.
func newFixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	testfix.CopyTree(t, fixtureSite, root)
	return root
}

// parseCase reads a case of testdata/errors or testdata/render: its
// sections want, body.html and page.txt are what the test expects.
func parseCase(t testing.TB, ar *txtar.Archive) testfix.Case {
	return testfix.ParseCase(t, ar, "want", "body.html", "page.txt")
}

// golden compares got with the section name of the archive in file, or
// rewrites it under -update.
func golden(t *testing.T, file string, ar *txtar.Archive, name, got string) {
	t.Helper()
	f := testfix.Section(ar, name)
	if f != nil && string(f.Data) == got {
		return
	}
	if *updateGolden {
		if f == nil {
			ar.Files = append(ar.Files, txtar.File{Name: name})
			f = &ar.Files[len(ar.Files)-1]
		}
		f.Data = []byte(got)
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if f == nil {
		t.Fatalf("%s has no %s section; got:\n%s", file, name, got)
	}
	t.Errorf("%s: %s differs (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", file, name, got, f.Data)
}

func readCases(t *testing.T, pattern string) map[string]*txtar.Archive {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases %s: %v", pattern, err)
	}
	cases := map[string]*txtar.Archive{}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases[f] = ar
	}
	return cases
}

// TestFixtureBuild checks the files a build makes and some of what they
// hold.
func TestFixtureBuild(t *testing.T) {
	cfg := fixtureConfig(fixtureSite, "/")
	cfg.RulesSource = "package checker\n\n// Rules are checked in order.\nvar rules = []string{\"a\", \"b\"}\n"
	files := fixtureBuild(t, cfg)
	var pages []string
	assets := map[string]bool{}
	for _, p := range files.Paths() {
		if strings.HasPrefix(p, "assets/") {
			// Hashed names: "assets/style.0123456789.css".
			name := regexp.MustCompile(`\.[0-9a-f]{10}\.`).ReplaceAllString(p, ".")
			if name == p {
				t.Errorf("asset %s has no content hash in its name", p)
			}
			assets[name] = true
			continue
		}
		pages = append(pages, p)
	}
	wantPages := []string{
		"404.html",
		"articles/sore-or-hurt/index.html",
		"articles/when-to-see-a-doctor/index.html",
		"checker/checklist/index.html",
		"checker/index.html",
		"checker/rules/index.html",
		"exercises/bridge/index.html",
		"exercises/cat-cow/index.html",
		"exercises/index.html",
		"feed.xml",
		"index.html",
		"log/index.html",
		"log/sheet/index.html",
		"manifest.webmanifest",
		"offline/index.html",
		"robots.txt",
		"sitemap.xml",
		"sw.js",
	}
	if strings.Join(pages, "\n") != strings.Join(wantPages, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(pages, "\n"), strings.Join(wantPages, "\n"))
	}
	for _, a := range []string{"assets/app.js", "assets/style.css", "assets/icon.svg", "assets/checker.wasm", "assets/wasm_exec.js", "assets/articles/timeline.svg", "assets/exercises/bridge.svg", "assets/exercises/cat-cow.svg"} {
		if !assets[a] {
			t.Errorf("no asset %s (have %v)", a, assets)
		}
	}
	if len(assets) != 8 {
		t.Errorf("assets %v, want 8", assets)
	}

	page := string(files["exercises/bridge/index.html"])
	for _, want := range []string{
		`<h1>Bridge</h1>`,
		`width="600" height="300" alt="A person lying on their back lifts their hips."`,
		`<li>Squeeze your buttocks and lift your hips.</li>`,
		`<p>glutes, hamstrings</p>`,
		`<a href="/articles/sore-or-hurt/">Sore or hurt?</a>`, // used in
		`<a href="/exercises/cat-cow/">Cat-cow</a>`,           // related
		`"@type":"HowTo"`,
		`"image":"https://example.github.io/assets/exercises/bridge.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("exercise page lacks %s\n%s", want, page)
		}
	}
	home := string(files["index.html"])
	if i, j := strings.Index(home, "Sore or hurt?</a>"), strings.Index(home, "When to see a doctor</a>"); i < 0 || j < i {
		t.Errorf("home page does not list the articles by order:\n%s", home)
	}
	ex := string(files["exercises/index.html"])
	if i, j := strings.Index(ex, `id="strengthen"`), strings.Index(ex, `id="mobility"`); i < 0 || j < i {
		t.Errorf("exercise index not grouped by purpose in order:\n%s", ex)
	}
	rules := string(files["checker/rules/index.html"])
	if !strings.Contains(rules, `class="hl-`) || !strings.Contains(rules, "Rules are checked in order.") {
		t.Errorf("rules page does not show the highlighted rules source:\n%s", rules)
	}
	if robots := string(files["robots.txt"]); robots != "User-agent: *\nAllow: /\nSitemap: https://example.github.io/sitemap.xml\n" {
		t.Errorf("robots.txt = %q", robots)
	}
	// Every HTML page is minified: minifying it again saves next to
	// nothing (the line breaks a template leaves next to its actions).
	for _, p := range files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		again, err := minifyHTML(files[p])
		if err != nil {
			t.Fatal(err)
		}
		if saved := len(files[p]) - len(again); saved > 64 || saved*100 > len(files[p]) {
			t.Errorf("%s is not minified: minifying it saves %d of %d bytes", p, saved, len(files[p]))
		}
	}
}

// TestBaseLinks builds under /liftwell/ and checks, independently of the
// builder's own link check, that every URL of every page, the sitemap, the
// feed, the manifest and the service worker is under /liftwell/ (or
// external, or a fragment) and names a file of the build, and every
// #fragment an element of its page.
func TestBaseLinks(t *testing.T) {
	const base = "/liftwell/"
	files := fixtureBuild(t, fixtureConfig(fixtureSite, base))
	ids := map[string]map[string]bool{}
	for _, p := range files.Paths() {
		if strings.HasSuffix(p, ".html") {
			ids[p] = pageIDs(t, p, files[p])
		}
	}
	checked := 0
	check := func(where, ref string) {
		t.Helper()
		checked++
		if strings.HasPrefix(ref, fixtureOrigin+"/") {
			ref = strings.TrimPrefix(ref, fixtureOrigin)
		} else if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "mailto:") {
			return // external
		}
		u, err := url.Parse(ref)
		if err != nil {
			t.Errorf("%s: bad URL %q", where, ref)
			return
		}
		file := where
		if u.Path != "" {
			if !strings.HasPrefix(u.Path, base) {
				t.Errorf("%s: %q is not under %s", where, ref, base)
				return
			}
			file = strings.TrimPrefix(u.Path, base)
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
		}
		if _, ok := files[file]; !ok {
			t.Errorf("%s: %q names no file of the build (%s)", where, ref, file)
			return
		}
		if u.Fragment != "" && !ids[file][u.Fragment] {
			t.Errorf("%s: %q: no id %q in %s", where, ref, u.Fragment, file)
		}
	}
	for _, p := range files.Paths() {
		switch {
		case strings.HasSuffix(p, ".html"):
			for _, ref := range pageRefs(t, p, files[p]) {
				check(p, ref)
			}
		case p == "sitemap.xml" || p == "feed.xml":
			locs := xmlURLs(t, files[p])
			if len(locs) < 3 {
				t.Errorf("%s has only %v", p, locs)
			}
			for _, ref := range locs {
				if !strings.HasPrefix(ref, fixtureOrigin+base) {
					t.Errorf("%s: %q is not an absolute URL under %s", p, ref, fixtureOrigin+base)
				}
				check(p, ref)
			}
		case p == "manifest.webmanifest":
			var m struct {
				StartURL string `json:"start_url"`
				Scope    string `json:"scope"`
				Icons    []struct{ Src string }
			}
			if err := json.Unmarshal(files[p], &m); err != nil {
				t.Fatal(err)
			}
			for _, u := range []string{m.StartURL, m.Scope} {
				// Relative to the manifest, which is at the base.
				check(p, (&url.URL{Path: base + p}).ResolveReference(&url.URL{Path: u}).Path)
			}
			if len(m.Icons) == 0 {
				t.Error("manifest has no icons")
			}
			for _, i := range m.Icons {
				check(p, i.Src)
			}
		case p == "sw.js":
			urls := regexp.MustCompile(`"?url"?\s*:\s*"([^"]*)"`).FindAllStringSubmatch(string(files[p]), -1)
			if len(urls) < 10 {
				t.Errorf("sw.js precaches only %d URLs", len(urls))
			}
			for _, m := range urls {
				check(p, m[1])
			}
		case p == "robots.txt":
			if !strings.Contains(string(files[p]), "Sitemap: "+fixtureOrigin+base+"sitemap.xml\n") {
				t.Errorf("robots.txt does not name the sitemap under %s:\n%s", base, files[p])
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d URLs", checked)
	}
}

// pageRefs returns every URL an HTML page refers to: href, src, srcset,
// content of og:/twitter: URL metas, data-wasm attributes.
func pageRefs(t *testing.T, name string, data []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var refs []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			prop := ""
			for _, a := range n.Attr {
				if a.Key == "property" || a.Key == "name" {
					prop = a.Val
				}
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "poster" || strings.HasPrefix(a.Key, "data-wasm"):
					refs = append(refs, a.Val)
				case a.Key == "srcset":
					for _, part := range strings.Split(a.Val, ",") {
						if f := strings.Fields(part); len(f) > 0 {
							refs = append(refs, f[0])
						}
					}
				case a.Key == "content" && (prop == "og:url" || prop == "og:image"):
					refs = append(refs, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return refs
}

func pageIDs(t *testing.T, name string, data []byte) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ids
		}
		for _, a := range z.Token().Attr {
			if a.Key == "id" {
				if ids[a.Val] {
					t.Errorf("%s: duplicate id %q", name, a.Val)
				}
				ids[a.Val] = true
			}
		}
	}
}

func xmlURLs(t *testing.T, data []byte) []string {
	t.Helper()
	var urls []string
	dec := xml.NewDecoder(bytes.NewReader(data))
	var elem string
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("bad XML: %v", err)
			}
			return urls
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elem = tok.Name.Local
			for _, a := range tok.Attr {
				if a.Name.Local == "href" {
					urls = append(urls, a.Value)
				}
			}
		case xml.CharData:
			if elem == "loc" || elem == "id" {
				urls = append(urls, string(tok))
			}
		case xml.EndElement:
			elem = ""
		}
	}
}

// TestDeterministic builds the same input twice, with two builders and
// with one builder twice (its caches warm), under two base paths, and
// writes the builds: the bytes must be identical.
func TestDeterministic(t *testing.T) {
	for _, base := range []string{"/", "/liftwell/"} {
		cfg := fixtureConfig(fixtureSite, base)
		one := fixtureBuild(t, cfg)
		b, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var builds []Files
		for range 2 {
			files, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			builds = append(builds, files)
		}
		for i, files := range builds {
			if diff := diffFiles(one, files); diff != "" {
				t.Errorf("base %s, build %d differs from the first: %s", base, i+2, diff)
			}
		}
		dirs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
		for i, d := range dirs {
			if err := output.Write(d, builds[i]); err != nil {
				t.Fatal(err)
			}
		}
		if a, b := readTree(t, dirs[0]), readTree(t, dirs[1]); diffFiles(a, b) != "" {
			t.Errorf("written builds differ: %s", diffFiles(a, b))
		}
	}
	if diffFiles(fixtureBuild(t, fixtureConfig(fixtureSite, "/")), fixtureBuild(t, fixtureConfig(fixtureSite, "/liftwell/"))) == "" {
		t.Error("the builds for two base paths are the same")
	}
}

// diffFiles describes how two builds differ, or returns "".
func diffFiles(a, b Files) string {
	var d []string
	for _, p := range a.Paths() {
		if data, ok := b[p]; !ok {
			d = append(d, "only in first: "+p)
		} else if !bytes.Equal(data, a[p]) {
			d = append(d, "differs: "+p)
		}
	}
	for _, p := range b.Paths() {
		if _, ok := a[p]; !ok {
			d = append(d, "only in second: "+p)
		}
	}
	return strings.Join(d, "; ")
}

// readTree reads every file below dir, by slash path.
func readTree(t *testing.T, dir string) Files { return testfix.ReadFiles(t, dir) }

// TestRebuild checks that a builder's caches follow changes: an edited
// article, drawing or template shows in the next build, and an error
// fixed in the source is gone from the next one.
func TestRebuild(t *testing.T) {
	root := newFixture(t)
	b, err := New(fixtureConfig(root, "/"))
	if err != nil {
		t.Fatal(err)
	}
	build := func() (Files, error) { return b.Build() }
	edit := func(name, old, new string) {
		t.Helper()
		testfix.Edit(t, filepath.Join(root, name), old, new)
	}
	first, err := build()
	if err != nil {
		t.Fatal(err)
	}
	article := "articles/sore-or-hurt/index.html"

	edit("content/articles/sore-or-hurt.md", "A dull ache", "A dull, spread-out ache")
	files, err := build()
	if err != nil || !bytes.Contains(files[article], []byte("A dull, spread-out ache")) {
		t.Fatalf("edited article not rebuilt (err %v)", err)
	}

	// A new drawing size changes the drawing's hashed name and the
	// width in the article, whose Markdown did not change.
	edit("content/articles/timeline.svg", `width="640"`, `width="641"`)
	files, err = build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files[article], []byte(`width="641"`)) || bytes.Equal(files[article], first[article]) {
		t.Errorf("article does not show the edited drawing:\n%s", files[article])
	}
	for _, ref := range pageRefs(t, article, files[article]) {
		if _, ok := files[strings.TrimPrefix(ref, "/")]; strings.HasPrefix(ref, "/assets/") && !ok {
			t.Errorf("article refers to %s, not in the build", ref)
		}
	}

	edit("templates/article.html", "Reviewed", "Last reviewed")
	if files, err = build(); err != nil || !bytes.Contains(files[article], []byte("Last reviewed")) {
		t.Errorf("edited template not used (err %v)", err)
	}

	// A broken link is reported at its line; moving it down (by a line
	// of front matter) moves the report, though the body is unchanged.
	edit("content/articles/sore-or-hurt.md", "(/exercises/bridge/)", "(/exercises/bridg/)")
	_, err = build()
	if err == nil || !strings.Contains(err.Error(), "content/articles/sore-or-hurt.md:23:9: broken link") {
		t.Fatalf("broken link: %v", err)
	}
	edit("content/articles/sore-or-hurt.md", "order: 1\n", "order: 1\n# a comment line\n")
	_, err = build()
	if err == nil || !strings.Contains(err.Error(), "content/articles/sore-or-hurt.md:24:9: broken link") {
		t.Errorf("broken link after a front matter line was added: %v", err)
	}
	edit("content/articles/sore-or-hurt.md", "(/exercises/bridg/)", "(/exercises/bridge/)")
	if _, err := build(); err != nil {
		t.Errorf("fixed build still fails: %v", err)
	}
}

// TestNewConfig checks the base paths New accepts.
func TestNewConfig(t *testing.T) {
	for _, base := range []string{"liftwell", "/liftwell", "liftwell/", "//", "/a//b/", "https://x/"} {
		if _, err := New(Config{Base: base}); err == nil || !strings.Contains(err.Error(), "must start and end with a slash") {
			t.Errorf("New(base %q) = %v, want an error", base, err)
		}
	}
	for base, want := range map[string]string{"": "/", "/": "/", "/liftwell/": "/liftwell/", "/a/b/": "/a/b/"} {
		b, err := New(Config{Base: base, Origin: "https://x.github.io/", Checker: new(checker.Page())})
		if err != nil {
			t.Errorf("New(base %q): %v", base, err)
			continue
		}
		if cfg := b.Config(); cfg.Base != want || cfg.Origin != "https://x.github.io" {
			t.Errorf("New(base %q): base %q origin %q", base, cfg.Base, cfg.Origin)
		}
	}
}

// TestNewNeedsChecker: a build without the checker's data is refused, not
// drawn as checker pages with no questions.
func TestNewNeedsChecker(t *testing.T) {
	for _, data := range []*checker.PageData{nil, {}} {
		cfg := fixtureConfig(fixtureSite, "/")
		cfg.Checker = data
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "no checker data") {
			t.Errorf("New with Checker %v: %v, want an error", data, err)
		}
	}
}

// TestBuildErrors builds each testdata/errors/*.txtar (the fixture with
// the case's changes, in memory) and compares the error, one a line,
// with the case's want section. Each error
// must be a srcerr.Error naming a file; errors in a file's text name a
// line.
func TestBuildErrors(t *testing.T) {
	for file, ar := range readCases(t, "testdata/errors/*.txtar") {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			c := parseCase(t, ar)
			cfg := memConfig(t, fixtureFS(t, ar), c.Base)
			cfg.RenderTimeout = c.RenderTimeout
			cfg.RenderExpired = testfix.LoopDeadline(c.LoopSteps)
			b, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			files, err := b.Build()
			if err == nil {
				t.Fatalf("build succeeded with %d files", len(files))
			}
			if files != nil {
				t.Error("a failed build returned files")
			}
			var list srcerr.List
			if !errors.As(err, &list) {
				list = srcerr.List{err}
			}
			for _, e := range list {
				var ce *srcerr.Error
				if !errors.As(e, &ce) {
					t.Errorf("error %q is a %T, not a srcerr.Error", e, e)
					continue
				}
				if strings.Contains(ce.Msg, "\n") {
					t.Errorf("error of several lines: %q", e)
				}
				if ext := path.Ext(ce.Path); (ext == ".md" || ext == ".html") && ce.Line == 0 && !strings.HasPrefix(ce.Path, "site/") && !strings.HasPrefix(ce.Path, "templates/static/") && !strings.Contains(ce.Msg, "grew larger than") && !strings.Contains(ce.Msg, " on page /") {
					t.Errorf("error names no line: %q", e)
				}
			}
			got := err.Error() + "\n"
			golden(t, file, ar, "want", got)
		})
	}
}

// TestSharedFragments checks that {{shared "site-footer"}} puts the same
// footer on every page, made once per page template and build.
func TestSharedFragments(t *testing.T) {
	var last func() *build
	b, files := buildWith(t, fixtureConfig(fixtureSite, "/"), func(b *Builder) { last = keepLast(b) })
	bd := last()
	var footer string
	pages := 0
	for _, p := range files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		html := string(files[p])
		i, j := strings.Index(html, "<footer>"), strings.Index(html, "</footer>")
		if i < 0 || j < i || !strings.Contains(html[i:j], `href=/checker/rules/`) && !strings.Contains(html[i:j], `href="/checker/rules/"`) {
			t.Fatalf("%s: no footer with the rules link: %q", p, html[max(i, 0):max(j, 0)])
		}
		if footer == "" {
			footer = html[i:j]
		} else if html[i:j] != footer {
			t.Errorf("%s: footer differs:\n%s\nwant\n%s", p, html[i:j], footer)
		}
	}
	made := map[string]int{}
	for key := range bd.shared.out {
		made[key[1]]++
	}
	if kinds := len(b.cache.templates); made["site-footer"] != kinds || len(bd.shared.out) != kinds {
		t.Errorf("made %v for %d pages and %d page templates; want site-footer once per template", made, pages, kinds)
	}
}

// TestOnce checks that a Builder told it builds only once makes the same
// files as one that keeps its work for the next build, and keeps nothing.
func TestOnce(t *testing.T) {
	cfg := fixtureConfig(fixtureSite, "/liftwell/")
	kept := fixtureBuild(t, cfg)
	cfg.Once = true
	b, once := buildWith(t, cfg)
	if d := diffFiles(kept, once); d != "" {
		t.Errorf("a build with Once differs:\n%s", d)
	}
	if n := len(b.mem.state().markdown); n != 0 {
		t.Errorf("a build with Once kept %d rendered Markdown bodies", n)
	}
}

// TestMinifiedTemplates checks that drawing pages from minified templates
// (with the Markdown minified on its own) gives the pages that minifying
// each page whole gives, up to what minifying them again takes out: for
// the fixture and the real site, under / and under /liftwell/.
func TestMinifiedTemplates(t *testing.T) {
	real := fixtureConfig("../..", "/")
	fixture := fixtureConfig(fixtureSite, "/")
	for _, cfg := range []Config{fixture, real} {
		for _, base := range []string{"/", "/liftwell/"} {
			cfg.Base = base
			_, want := buildWith(t, cfg, func(b *Builder) { b.minifyPages = true })
			b, got := buildWith(t, cfg)
			for name, pt := range b.cache.templates {
				if pt.min == nil {
					t.Errorf("%s: %s did not parse once minified", cfg.Templates, name)
				}
			}
			pages := 0
			for _, p := range want.Paths() {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				pages++
				again, err := minifyHTML(got[p])
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again, want[p]) {
					t.Errorf("%s under %s: %s differs from the page minified whole:\n%s\nwant\n%s", cfg.Templates, base, p, again, want[p])
				}
			}
			if pages < 5 {
				t.Errorf("%s: only %d pages", cfg.Templates, pages)
			}
		}
	}
}
