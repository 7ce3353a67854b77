package e2e

import (
	"testing"
	"time"
)

// TestPages opens every page of the sitemap (and an unknown path, which
// must answer 404.html with status 404) under the base path /, and fails
// on a wrong status, on any request to a host other than
// 127.0.0.1/localhost, on console errors and on uncaught exceptions, and
// on what pageBasics checks. TestAxe makes the same checks on every page
// under /liftwell/, in the visits it makes anyway.
func TestPages(t *testing.T) {
	s := builtSite(t, baseRoot)
	browser(t)
	for _, rel := range auditPages(t, s) {
		t.Run(pageName(rel), func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, 60*time.Second)
			tb.openPage(t, s, rel)
			u := s.URL(rel)
			pageBasics(t, tb, u)
			tb.check(t, u)
		})
	}
}

// pageBasics fails t unless the page open in tb has a title, exactly one
// visible <h1>, a language and an icon link (without one, browsers fetch
// /favicon.ico from the origin's root, outside a project site's base
// path).
func pageBasics(t *testing.T, tb *tab, u string) {
	t.Helper()
	type facts struct {
		Title string `json:"title"`
		H1    int    `json:"h1"`
		Lang  string `json:"lang"`
		Icon  bool   `json:"icon"`
	}
	f := mustEval[facts](t, tb, `({
		title: document.title.trim(),
		h1: Array.from(document.querySelectorAll('h1')).filter(h => h.checkVisibility({visibilityProperty: true})).length,
		lang: document.documentElement.lang,
		icon: !!document.querySelector('link[rel~="icon"][href]'),
	})`)
	if f.Title == "" {
		t.Errorf("%s: empty <title>", u)
	}
	if f.H1 != 1 {
		t.Errorf("%s: %d visible <h1> elements, want 1", u, f.H1)
	}
	if f.Lang == "" {
		t.Errorf("%s: <html> has no lang", u)
	}
	if !f.Icon {
		t.Errorf("%s: no <link rel=\"icon\">: browsers then request /favicon.ico at the origin's root", u)
	}
}
