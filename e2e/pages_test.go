package e2e

import "testing"

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
