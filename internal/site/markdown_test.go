package site

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/testfix"
)

// TestRender renders each testdata/render/*.txtar: an article (and any
// drawings) in content/articles, built with the fixture templates under
// the case's base path. The article's Markdown as rendered, before
// minifying, must equal the body.html section; each line of the optional
// page.txt section must occur in the built, minified page. Every URL of
// the body must name a file of the build.
func TestRender(t *testing.T) {
	for file, ar := range readCases(t, "testdata/render/*.txtar") {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			// The fixture's templates, and no content but the case's.
			fsys := fixtureFS(t, nil)
			for name := range fsys {
				if strings.HasPrefix(name, "content/") {
					delete(fsys, name)
				}
			}
			fsys["content/articles"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			fsys["content/exercises"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			c := parseCase(t, ar)
			c.ApplyFS(t, fsys)
			var slug string
			for _, f := range ar.Files {
				if s, ok := strings.CutPrefix(f.Name, "content/articles/"); ok && strings.HasSuffix(s, ".md") {
					if slug != "" {
						t.Fatal("more than one article")
					}
					slug = strings.TrimSuffix(s, ".md")
				}
			}
			b, err := New(memConfig(t, fsys, c.Base))
			if err != nil {
				t.Fatal(err)
			}
			last := keepLast(b)
			files, err := b.Build()
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			bd := last()
			// Render the article again, as the page got it.
			var errs srcerr.List
			md := bd.renderMarkdown(bd.site.Article(slug), &errs)
			if errs.Err() != nil {
				t.Fatal(errs.Err())
			}
			golden(t, file, ar, "body.html", string(md.html)+"\n") // txtar ends a section with a newline

			page := string(files["articles/"+slug+"/index.html"])
			if f := testfix.Section(ar, "page.txt"); f != nil {
				for _, want := range strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n") {
					if !strings.Contains(page, want) {
						t.Errorf("page lacks %s\npage:\n%s", want, page)
					}
				}
			}
			for _, ref := range pageRefs(t, "body.html", md.html) {
				if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "mailto:") || strings.HasPrefix(ref, "#") {
					continue
				}
				p := strings.TrimPrefix(strings.SplitN(ref, "#", 2)[0], b.Config().Base)
				if p == "" || strings.HasSuffix(p, "/") {
					p += "index.html"
				}
				if !strings.HasPrefix(ref, b.Config().Base) || files[p] == nil {
					t.Errorf("body refers to %s, not a file of the build under %s", ref, b.Config().Base)
				}
			}
		})
	}
}

// TestMarkdownErrorPositions checks the line and column reported for
// each kind of problem the renderer finds, in a body that starts on line
// 10 of its file.
func TestMarkdownErrorPositions(t *testing.T) {
	b := markdownBuilder(t, "/liftwell/")
	body := "Para with <b>bold</b> in it.\n" + // 10
		"\n" +
		"<div class=\"x\">\n" + // 12
		"block\n" +
		"</div>\n" +
		"\n" +
		"See [a relative link](bridge/) and [another](//example.com/x).\n" + // 16
		"\n" +
		"  ![A drawing](missing.svg) and ![Another](../exercises/chart.svg)\n" + // 18
		"\n" +
		"- item <!-- a comment -->\n" // 20
	var errs srcerr.List
	b.renderMarkdown(&content.Article{Path: "content/articles/x.md", Body: []byte(body), BodyLine: 10}, &errs)
	want := []string{
		"content/articles/x.md:10:11: raw HTML is not allowed in Markdown: write it as Markdown",
		"content/articles/x.md:10:18: raw HTML is not allowed in Markdown: write it as Markdown",
		"content/articles/x.md:12:1: raw HTML is not allowed in Markdown: write it as Markdown",
		`content/articles/x.md:16:5: link "bridge/": write links inside the site from its root, like /articles/sore-or-hurt/`,
		`content/articles/x.md:16:36: link "//example.com/x": write https:// in full`,
		`content/articles/x.md:18:3: no image "missing.svg": put the SVG file beside the article and name it alone`,
		`content/articles/x.md:18:33: no image "../exercises/chart.svg": put the SVG file beside the article and name it alone`,
		"content/articles/x.md:20:8: raw HTML is not allowed in Markdown: write it as Markdown",
	}
	if got := errs.Error(); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestLinkTarget checks how a Markdown link destination is rewritten.
func TestLinkTarget(t *testing.T) {
	b := markdownBuilder(t, "/liftwell/")
	for dest, want := range map[string]string{
		"/exercises/bridge/":        "/liftwell/exercises/bridge/",
		"/":                         "/liftwell/",
		"/articles/a/#b":            "/liftwell/articles/a/#b",
		"#heading":                  "#heading",
		"https://example.com/x?y=1": "https://example.com/x?y=1",
		"http://example.com/":       "http://example.com/",
		"mailto:a@example.com":      "mailto:a@example.com",
		"javascript:alert(1)":       "",
		"bridge/":                   "",
		"//example.com/":            "",
		"":                          "",
	} {
		got, problem := b.linkTarget(dest)
		if got != want || (want == "") != (problem != "") {
			t.Errorf("linkTarget(%q) = %q, %q; want %q", dest, got, problem, want)
		}
	}
}

// markdownBuilder returns a builder ready to render Markdown: one drawing,
// articles/chart.svg, 64×32.
func markdownBuilder(t testing.TB, base string) *build {
	bl, err := New(Config{Base: base, Checker: new(checker.Page())})
	if err != nil {
		t.Fatal(err)
	}
	b := &build{Builder: bl}
	bl.cur = b
	b.site = &content.Site{Images: map[string]*content.Image{
		"articles/chart.svg":  {Width: 64, Height: 32},
		"exercises/chart.svg": {Width: 64, Height: 32},
	}}
	b.assets = map[string]string{
		"articles/chart.svg":  base + "assets/articles/chart.0123456789.svg",
		"exercises/chart.svg": base + "assets/exercises/chart.0123456789.svg",
	}
	return b
}

var errorLineRE = regexp.MustCompile(`^content/articles/fuzz\.md:([0-9]+):([0-9]+): \S`)

// FuzzMarkdown renders arbitrary Markdown bodies. It must not panic; raw
// HTML must never reach the output (no <script>, <iframe>, <style> or
// other element Markdown does not make, no on* attribute, no javascript:
// URL), whether or not the renderer reported it; and every error must be
// a "path:line:col: message" line inside the body.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nA *para* with `code` and a [link](/articles/a/).\n",
		"<script>alert(1)</script>\n",
		"x <img src=x onerror=alert(1)> y\n",
		"[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) <javascript:alert(1)>\n",
		"![a](chart.svg \"t\") ![b](x.png) ![c](<chart.svg> 'q')\n",
		"```go\nfunc main() { println(\"<b>\") }\n```\n\n```nope\n<script>\n```\n",
		"| a | b |\n|---|:-:|\n| <i>x</i> | y |\n",
		"Text[^1].\n\n[^1]: A <span onclick=x>note</span>.\n",
		"<!-- comment -->\n\n<div onclick=\"x\">\n\n*md*\n\n</div>\n",
		"[ref]: /x/\n[a][ref] \"quotes\" -- dashes --- ...\n",
		"<a href=\"javascript:x\">a</a>\n",
		"    indented <script>\n",
	} {
		f.Add(s)
	}
	b := markdownBuilder(f, "/liftwell/")
	f.Fuzz(func(t *testing.T, body string) {
		var errs srcerr.List
		const bodyLine = 7
		page := b.renderMarkdown(&content.Article{Path: "content/articles/fuzz.md", Body: []byte(body), BodyLine: bodyLine}, &errs)
		if msg := unsafeHTML(page.html); msg != "" {
			t.Fatalf("unsafe output (%s) from %q:\n%s", msg, body, page.html)
		}
		lines := strings.Count(body, "\n") + 1
		for _, e := range errs {
			var ce *srcerr.Error
			if !errors.As(e, &ce) {
				t.Fatalf("error is a %T: %v", e, e)
			}
			m := errorLineRE.FindStringSubmatch(ce.Error())
			if m == nil || strings.Contains(ce.Msg, "\n") || !utf8.ValidString(ce.Msg) && utf8.ValidString(body) {
				t.Fatalf("malformed error %q", ce.Error())
			}
			if ce.Line < bodyLine || ce.Line >= bodyLine+lines {
				t.Fatalf("error at line %d, outside the body's lines %d-%d: %q", ce.Line, bodyLine, bodyLine+lines-1, ce.Error())
			}
		}
		for _, l := range page.links {
			if l.line < bodyLine || l.line >= bodyLine+lines || l.col < 1 {
				t.Fatalf("link %q placed at %d:%d", l.href, l.line, l.col)
			}
		}
	})
}

// markdownElements are the elements Markdown makes (with the extensions
// the builder uses and the code highlighter).
var markdownElements = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"a": true, "img": true, "em": true, "strong": true, "del": true, "code": true, "pre": true,
	"span": true, "blockquote": true, "ul": true, "ol": true, "li": true, "hr": true, "br": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"div": true, "sup": true, "input": true,
	"html": true, "head": true, "body": true, // added by the parser
}

// unsafeHTML returns what is wrong with rendered Markdown, or "".
func unsafeHTML(out []byte) string {
	// The output is minified, and the minifier leaves a "<" inside a
	// quoted attribute value as it is: elements are found by parsing,
	// not by looking for "<script".
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		return err.Error()
	}
	var problem string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			if !markdownElements[n.Data] {
				problem = "element <" + n.Data + ">"
			}
			if n.Data == "div" && !hasClass(n, "footnotes") {
				problem = "a <div> that is not the footnotes"
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				switch {
				case strings.HasPrefix(a.Key, "on"):
					problem = "attribute " + a.Key
				case a.Key == "style":
					problem = "style attribute"
				case (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")):
					problem = a.Key + "=" + a.Val
				}
			}
		case html.CommentNode:
			if n.Data != " raw HTML omitted " {
				problem = "comment " + n.Data
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return problem
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
}

// TestUnsafeHTMLFinds checks that FuzzMarkdown's check can fail.
func TestUnsafeHTMLFinds(t *testing.T) {
	for _, s := range []string{
		`<p>x</p><script>1</script>`,
		`<p onclick="x">x</p>`,
		`<a href=" javascript:x">x</a>`,
		`<iframe src="/x"></iframe>`,
		`<div>x</div>`,
		`<p style="color:red">x</p>`,
		`<!-- hidden -->`,
	} {
		if unsafeHTML([]byte(s)) == "" {
			t.Errorf("unsafeHTML(%q) found nothing", s)
		}
	}
	if msg := unsafeHTML([]byte(`<p><a href="/x/">x</a><!-- raw HTML omitted --></p><div class="footnotes" role="doc-endnotes"><hr><ol><li id="fn:1">x</li></ol></div>`)); msg != "" {
		t.Errorf("unsafeHTML of safe output: %s", msg)
	}
}

// nestedList is an indented list n levels deep, as in issue 12 (§5).
func nestedList(n int) string {
	var s strings.Builder
	for i := range n {
		s.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	return s.String()
}

// TestNestingLimit: lists and quotes nested deeper than MaxNesting are
// an error at the line that goes too deep, found before goldmark parses
// the text (goldmark took 11 s on 1,500 levels, 43 s on 3,000).
func TestNestingLimit(t *testing.T) {
	b := markdownBuilder(t, "/")
	for _, tc := range []struct {
		name, body string
		want       string // the error, "" for none
	}{
		{"32 levels", nestedList(MaxNesting), ""},
		{"33 levels", "Intro.\n\n" + nestedList(MaxNesting+1), "content/articles/a.md:42:65: lists and quotes nested more than 32 deep"},
		{"1,500 levels", nestedList(1500), "content/articles/a.md:40:65: lists and quotes nested more than 32 deep"},
		{"quotes", strings.Repeat(">", 40) + " deep\n", "content/articles/a.md:8:33: lists and quotes nested more than 32 deep"},
		{"mixed", strings.Repeat("> 1. ", 20) + "x\n", "content/articles/a.md:8:81: lists and quotes nested more than 32 deep"},
		{"ordinary", "- a\n  - b\n    > c\n    > - d\n\n1. x\n2. y\n   * z\n", ""},
	} {
		var errs srcerr.List
		start := time.Now()
		b.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: []byte(tc.body), BodyLine: 8}, &errs)
		got := ""
		if len(errs) > 0 {
			got = errs[0].Error()
		}
		if got != tc.want || len(errs) > 1 {
			t.Errorf("%s: errors %v, want %q", tc.name, errs, tc.want)
		}
		if d := time.Since(start); tc.want != "" && d > 5*time.Second {
			t.Errorf("%s: took %v", tc.name, d)
		}
	}
}

// TestNestingDepth checks the measure against nestings goldmark makes.
func TestNestingDepth(t *testing.T) {
	for _, tc := range []struct {
		src   string
		depth int
	}{
		{"text\n", 0},
		{"- a\n- b\n", 1},
		{"- a\n  - b\n    - c\n", 3},
		{"- a\n  - b\nlazy\n    - c\n", 3}, // a lazy line closes nothing
		{"1. a\n   1) b\n", 2},
		{"> > > a\n", 3},
		{"> - a\n>   - b\n", 3},
		{"-a\n*b\n1.x\n", 0},
		{"\t- a\n\t\t- b\n", 2},
		{"- a\n- b\n- c\n", 1},
		{"> a\n\n> b\n> > c\n", 2},
		{"- a\n\n  b\n\n  - c\n\n- d\n  - e\n", 2},
		{"-\n  -\n    -\n", 3},
		{strings.Repeat("- ", 40) + "\n", 0},
	} {
		if _, got := nestingDepth([]byte(tc.src), 100); got != tc.depth {
			t.Errorf("nestingDepth(%q) = %d, want %d", tc.src, got, tc.depth)
		}
	}
}

// BenchmarkMarkdownLinks renders a page of 20,000 and one of 40,000
// links (issue 12, §5): ns/link must stay about the same. Finding each
// link's line by counting from the body's start made the larger page
// take four times as long.
func BenchmarkMarkdownLinks(b *testing.B) {
	mb := markdownBuilder(b, "/")
	for _, n := range []int{20000, 40000} {
		var body []byte
		for i := range n {
			body = append(body, "See [link "+strconv.Itoa(i)+"](/articles/a/) and <https://example.com/"+strconv.Itoa(i)+">.\n"...)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				var errs srcerr.List
				page := mb.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: body, BodyLine: 1}, &errs)
				if len(errs) > 0 || len(page.links) != 2*n {
					b.Fatalf("%d links, errors %v", len(page.links), errs)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/link")
		})
	}
}
