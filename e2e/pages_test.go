package e2e

import (
	"testing"
	"time"
)

// TestPages opens every page of the sitemap (and an unknown path, which
// must answer 404.html with status 404) under both base paths, and fails on
// a wrong status, on any request to a host other than 127.0.0.1/localhost,
// on console errors and on uncaught exceptions. Every page must also have a
// title, exactly one visible <h1>, a language and an icon link (without one,
// browsers fetch /favicon.ico from the origin's root, outside a project
// site's base path).
func TestPages(t *testing.T) {
	for _, base := range []string{baseRoot, baseProject} {
		s := builtSite(t, base)
		browser(t)
		t.Run(baseName(base), func(t *testing.T) {
			for _, rel := range auditPages(t, s) {
				t.Run(pageName(rel), func(t *testing.T) {
					t.Parallel()
					tb := newTab(t, 60*time.Second)
					tb.openPage(t, s, rel)
					u := s.URL(rel)
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
					tb.check(t, u)
				})
			}
		})
	}
}
