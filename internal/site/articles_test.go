package site

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/testfix"
)

// TestSections checks the h2 headings the renderer collects for an
// article's "On this page" list: only h2, in order, each with the id
// goldmark gave it (a repeated heading gets a numbered one) and its text
// as a reader sees it, without markup and with typographic quotes.
func TestSections(t *testing.T) {
	b := markdownBuilder(t, "/")
	body := "Intro.\n\n" +
		"## Keep moving: bed rest does not help\n\n" +
		"### A smaller heading\n\n" +
		"## Is it *normal* or `sharp`?\n\n" +
		"## The \"worst\" day\n\n" +
		"#### Small\n\n" +
		"## Keep moving: bed rest does not help\n"
	var errs srcerr.List
	md := b.renderMarkdown(&content.Article{Path: "content/articles/x.md", Body: []byte(body), BodyLine: 6}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	want := []Section{
		{"keep-moving-bed-rest-does-not-help", "Keep moving: bed rest does not help"},
		{"is-it-normal-or-sharp", "Is it normal or sharp?"},
		{"the-worst-day", "The \u201cworst\u201d day"},
		{"keep-moving-bed-rest-does-not-help-1", "Keep moving: bed rest does not help"},
	}
	if !slices.Equal(md.sections, want) {
		t.Errorf("sections:\n%q\nwant:\n%q", md.sections, want)
	}
	// Each id is the id of an h2 in the rendered body.
	for _, s := range want {
		if !strings.Contains(string(md.html), `<h2 id="`+s.ID+`">`) {
			t.Errorf("no h2 with id %q in\n%s", s.ID, md.html)
		}
	}
}

// TestArticlePageParts builds the real content with the real templates
// and checks what every article shows at its top (issue 21, "Honest
// articles"): a byline that names who wrote it, says that no clinician
// has reviewed it yet and gives the date it was updated; one line on
// what Liftwell is; a boxed link to the checker; and, on an article with
// MinSections or more h2 headings, an "On this page" list that links to
// each of them in order, and on a shorter one no such list.
//
// Every real article is long, so the build adds a short one of its own.
func TestArticlePageParts(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, dir := range []string{"content", "templates"} {
		for name, f := range testfix.ReadTree(t, filepath.Join("../..", dir)) {
			fsys[dir+"/"+name] = f
		}
	}
	fsys["content/articles/zz-short.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A short one\ndescription: Short.\norder: 99\nupdated: 2026-12-07\n---\nText.\n\n" +
		"## One\n\nText.\n\n## Two\n\nText.\n\n### Not counted\n\n## Three\n\nText.\n")}
	files := fixtureBuild(t, memConfig(t, fsys, "/"))
	long, short := 0, 0
	for _, p := range files.Paths() {
		if !strings.HasPrefix(p, "articles/") || !strings.HasSuffix(p, "/index.html") {
			continue
		}
		page := string(files[p])
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		byline := ""
		if n := byClass(doc, "byline"); n != nil {
			byline = nodeText(n)
		}
		if !regexp.MustCompile(`^By the Liftwell team\. Not yet reviewed by a clinician\. Updated \d{4}-\d{2}-\d{2}\.$`).MatchString(byline) {
			t.Errorf("%s: byline %q: want who wrote it, not yet reviewed by a clinician, and the date updated", p, byline)
		}
		if strings.Contains(page, "Reviewed") {
			t.Errorf("%s says Reviewed, though no clinician has reviewed it", p)
		}
		if about := byClass(doc, "about"); about == nil || !strings.HasPrefix(nodeText(about), "Liftwell is ") {
			t.Errorf("%s: no line on what Liftwell is", p)
		}
		box := byClass(doc, "checker-box")
		if box == nil || !slices.Contains(hrefsIn(box), "/checker/") {
			t.Errorf("%s: no boxed link to the checker", p)
		}
		var headings []string // ids of the body's h2 headings
		for _, h := range findAll(byClass(doc, "prose"), func(c *html.Node) bool { return c.Data == "h2" }) {
			headings = append(headings, attr(h, "id"))
		}
		var listed []string
		if nav := byClass(doc, "contents"); nav != nil {
			for _, h := range hrefsIn(nav) {
				listed = append(listed, strings.TrimPrefix(h, "#"))
			}
		}
		if len(headings) >= MinSections {
			long++
			if !slices.Equal(listed, headings) {
				t.Errorf("%s: On this page lists %q, want the h2 headings %q", p, listed, headings)
			}
		} else {
			short++
			if listed != nil {
				t.Errorf("%s: has %d h2 headings, fewer than %d, yet an On this page list", p, len(headings), MinSections)
			}
		}
	}
	if long == 0 || short == 0 {
		t.Errorf("%d long and %d short articles: the test needs both", long, short)
	}
}

// byClass returns the first element of class class under n, or nil.
func byClass(n *html.Node, class string) *html.Node {
	if n == nil {
		return nil
	}
	found := findAll(n, func(c *html.Node) bool { return slices.Contains(strings.Fields(attr(c, "class")), class) })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

// hrefsIn returns the href of every link under n.
func hrefsIn(n *html.Node) []string {
	var hrefs []string
	for _, a := range findAll(n, func(c *html.Node) bool { return c.Data == "a" }) {
		hrefs = append(hrefs, attr(a, "href"))
	}
	return hrefs
}
