package site

import (
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/linkcheck"
)

// TestPlaceLinkOwnOrigin: a broken link written in Markdown with the
// site's own origin in full is reported where it is written (issue 12,
// §6), not in the built page.
func TestPlaceLinkOwnOrigin(t *testing.T) {
	files := Files{"a/index.html": []byte(`<a href="http://localhost:8080/nope/">x</a><a href="https://site.example/gone/">y</a>`)}
	written := []sourceLink{
		{href: "http://localhost:8080/nope/", path: "content/articles/a.md", page: "a/index.html", line: 3, col: 7},
		{href: "https://site.example/gone/", path: "content/articles/a.md", page: "a/index.html", line: 4, col: 1},
	}
	for _, origin := range []string{"http://localhost:8080", "https://site.example"} {
		cfg := fixtureConfig(fixtureSite, "/")
		cfg.Origin = origin
		b, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		bd := &build{Builder: b, pageLinks: map[string][]sourceLink{"a/index.html": written}}
		err = linkcheck.Check(files, "/", origin, bd.placeLink)
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
