package site

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/liftwell/liftwell/internal/checker"
)

// checkerSite builds the real content and templates (with the checker's
// real tables and a stand-in module), once per test.
func checkerSite(t *testing.T) Files {
	t.Helper()
	return fixtureBuild(t, fixtureConfig("../..", "/"))
}

// findAll returns the elements under n for which match is true.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// nodeText is the text of n, with runs of space made one.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func parsePage(t *testing.T, files Files, name string) *html.Node {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("no page %s", name)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestExercisePagesAgreeWithTheChecker checks every exercise page's "Not
// for you now if" list against the checker's exercise table, on the built
// pages, and that every exercise a result can recommend has a page.
func TestExercisePagesAgreeWithTheChecker(t *testing.T) {
	files := checkerSite(t)
	p := checker.Page()
	for _, lv := range p.Levels {
		for _, slug := range lv.Exercises {
			if _, ok := files["exercises/"+slug+"/index.html"]; !ok {
				t.Errorf("level %s recommends %s, which has no page", lv.ID, slug)
			}
		}
	}
	inTable := map[string]bool{}
	for _, e := range p.Exercises {
		inTable[e.Slug] = true
		doc := parsePage(t, files, "exercises/"+e.Slug+"/index.html")
		sections := findAll(doc, func(n *html.Node) bool { return n.Data == "section" && attr(n, "class") == "not-for" })
		var want, got []string
		for _, c := range e.Not {
			want = append(want, c.Says)
		}
		if len(sections) > 1 {
			t.Errorf("%s: %d sections Not for you now if", e.Slug, len(sections))
		}
		if len(sections) == 1 {
			if h := findAll(sections[0], func(n *html.Node) bool { return n.Data == "h2" }); len(h) != 1 || !strings.HasPrefix(nodeText(h[0]), "Not for you now if") {
				t.Errorf("%s: the section has no heading Not for you now if", e.Slug)
			}
			for _, li := range findAll(sections[0], func(n *html.Node) bool { return n.Data == "li" }) {
				got = append(got, nodeText(li))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the page says not for you now if %q; the checker's table says %q", e.Slug, got, want)
		}
	}
	for name := range files {
		if slug, ok := strings.CutPrefix(name, "exercises/"); ok && strings.HasSuffix(slug, "/index.html") {
			if slug = strings.TrimSuffix(slug, "/index.html"); !inTable[slug] {
				t.Errorf("exercise page %s is not in the checker's exercise table", slug)
			}
		}
	}
}

// TestChecklistPage checks the built checklist: statements under each
// level's heading, most urgent first and the fallback levels last, each
// level's advice once, and no "Follow:" after each statement.
func TestChecklistPage(t *testing.T) {
	files := checkerSite(t)
	p := checker.Page()
	doc := parsePage(t, files, "checker/checklist/index.html")
	main := findAll(doc, func(n *html.Node) bool { return n.Data == "main" })
	if len(main) != 1 {
		t.Fatalf("%d main elements", len(main))
	}
	all := nodeText(main[0])
	if strings.Contains(all, "Follow:") {
		t.Errorf("the checklist still repeats Follow: after statements")
	}
	var order []string
	for _, h := range findAll(main[0], func(n *html.Node) bool { return n.Data == "h2" && strings.HasPrefix(attr(n, "id"), "level-") }) {
		order = append(order, strings.TrimSuffix(strings.TrimPrefix(attr(h, "id"), "level-"), "-title"))
	}
	want := []string{checker.Emergency, checker.Urgent, checker.SeeClinician, checker.NormalSoreness, checker.SelfCare}
	if !slices.Equal(order, want) {
		t.Errorf("level headings %v, want %v", order, want)
	}
	for _, lv := range p.Levels {
		if n := strings.Count(all, lv.Now); n != 1 {
			t.Errorf("the advice of %s appears %d times", lv.ID, n)
		}
		for _, g := range lv.Escalate {
			for _, item := range g.Items {
				if !strings.Contains(all, item) {
					t.Errorf("%s: when to go up a level lacks %q", lv.ID, item)
				}
			}
		}
		for _, ph := range lv.Phones {
			if len(findAll(main[0], func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "tel:"+ph.Tel })) != 1 {
				t.Errorf("%s: no tel: link for %s", lv.ID, ph.Number)
			}
		}
	}
	for _, s := range p.Checklist {
		if s.Level == checker.SelfCare {
			continue // "if none of the statements above is true"
		}
		if strings.Count(all, s.Text) != 1 {
			t.Errorf("statement %s appears %d times: %q", s.Rule, strings.Count(all, s.Text), s.Text)
		}
	}
}
