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

// TestCheckerFollowUps checks the built checker page against the spec's
// follow-up questions (version 3, "Interfaces that the tests drive"):
// leg_sides and saddle_recheck sit among the leg items of the warning
// step, shown when any leg item is ticked and required then; each
// pregnancy question shows only for the pregnancy values the spec names;
// and "both" and "yes" give the emergency result at once.
func TestCheckerFollowUps(t *testing.T) {
	files := checkerSite(t)
	doc := parsePage(t, files, "checker/index.html")
	byID := func(id string) *html.Node {
		t.Helper()
		n := findAll(doc, func(n *html.Node) bool { return attr(n, "id") == id })
		if len(n) != 1 {
			t.Fatalf("%d elements with id %s", len(n), id)
		}
		return n[0]
	}
	legs := "foot_drop=yes leg_weakness=yes leg_numbness=yes leg_pain=yes"
	for _, c := range []struct {
		id, showIf string
		required   bool
	}{
		{"q-leg_sides-question", legs, true},
		{"q-saddle_recheck-question", legs, true},
		{"q-pregnancy_signs", "pregnancy=possible,early,later", false},
		{"q-early_pregnancy_danger", "pregnancy=possible,early", false},
		{"q-pregnancy_emergency", "pregnancy=later", false},
	} {
		n := byID(c.id)
		if n.Data == "input" {
			n = n.Parent // the tick box's wrapper
		}
		if got := attr(n, "data-show-if"); got != c.showIf {
			t.Errorf("%s: data-show-if=%q, want %q", c.id, got, c.showIf)
		}
		if !hasAttr(n, "hidden") {
			t.Errorf("%s is not hidden until it applies", c.id)
		}
		if hasAttr(n, "data-required") != c.required {
			t.Errorf("%s: data-required %v, want %v", c.id, !c.required, c.required)
		}
		// Every follow-up is on the warning step, among its tick boxes.
		if p := ancestor(n, "fieldset"); p == nil || attr(p, "id") != "step-warning-checks" {
			t.Errorf("%s is not among the warning step's tick boxes", c.id)
		}
	}
	// Asked where the leg items are: straight after leg_pain.
	after := byID("q-leg_pain").Parent.NextSibling
	for after != nil && after.Type != html.ElementNode {
		after = after.NextSibling
	}
	if after == nil || attr(after, "id") != "q-leg_sides-question" {
		t.Errorf("leg_sides does not follow the leg items")
	}
	for _, id := range []string{"q-leg_sides-both", "q-saddle_recheck-yes", "q-early_pregnancy_danger", "q-pregnancy_emergency"} {
		if !hasAttr(byID(id), "data-emergency") {
			t.Errorf("%s does not give the emergency result at once", id)
		}
	}
	for _, id := range []string{"q-leg_sides-one", "q-saddle_recheck-no", "q-saddle_recheck-not_sure", "q-pregnancy_signs"} {
		if hasAttr(byID(id), "data-emergency") {
			t.Errorf("%s gives the emergency result at once", id)
		}
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// ancestor returns the nearest element above n with the given tag.
func ancestor(n *html.Node, tag string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return p
		}
	}
	return nil
}
