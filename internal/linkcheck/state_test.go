package linkcheck

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
)

// TestStateFollowsEdits checks a site edited step by step with one State,
// where each step breaks or mends a link on a page that was not itself
// edited: the State must see it, and answer as Check does.
func TestStateFollowsEdits(t *testing.T) {
	const base = "/b/"
	page := func(body string) []byte { return []byte("<!doctype html><html><body>" + body + "</body></html>") }
	files := map[string][]byte{
		"index.html":            page(`<a href="/b/articles/a/">a</a><a href="/b/articles/a/#part">part</a><a href="/b/style.css">css</a>`),
		"articles/a/index.html": page(`<h2 id="part">Part</h2><a href="../../">up</a>`),
		"style.css":             []byte("body{}"),
	}
	steps := []struct {
		name string
		edit func(map[string][]byte)
		want []string
	}{
		{"first check", func(map[string][]byte) {}, nil},
		{"heading renamed", func(f map[string][]byte) {
			f["articles/a/index.html"] = page(`<h2 id="section">Part</h2><a href="../../">up</a>`)
		}, []string{`the built index.html: broken link "/b/articles/a/#part": no element with id "part" in /b/articles/a/index.html`}},
		{"heading back", func(f map[string][]byte) {
			f["articles/a/index.html"] = page(`<h2 id="part">Part</h2><a href="../../">up</a>`)
		}, nil},
		{"stylesheet gone", func(f map[string][]byte) { delete(f, "style.css") },
			[]string{`the built index.html: broken link "/b/style.css": no such page or file`}},
		{"stylesheet back", func(f map[string][]byte) { f["style.css"] = []byte("body{}") }, nil},
		{"article moved to a file", func(f map[string][]byte) {
			f["articles/a"] = f["articles/a/index.html"]
			delete(f, "articles/a/index.html")
		}, []string{
			`the built index.html: broken link "/b/articles/a/": no such page or file`,
			`the built index.html: broken link "/b/articles/a/#part": no such page or file`,
		}},
		{"link without slash to a folder", func(f map[string][]byte) {
			delete(f, "articles/a")
			f["articles/a/index.html"] = page(`<h2 id="part">Part</h2><a href="../../">up</a>`)
			f["index.html"] = page(`<a href="/b/articles/a">a</a>`)
		}, []string{`the built index.html: broken link "/b/articles/a": a folder: end the link with a slash`}},
	}
	var s State
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, st := range steps {
		st.edit(files)
		// A check cancelled first (a serve rebuild stopped by the next
		// save) must leave the State as it was, for the next to be right.
		if err := s.CheckContext(cancelled, maps.Clone(files), base, "", nil); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: a cancelled check gave %v", st.name, err)
		}
		// Check gets its own copy: the State must not depend on sharing.
		got := errStrings(s.Check(files, base, "", nil))
		full := errStrings(Check(maps.Clone(files), base, "", nil))
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: State.Check gave\n%q\nwant\n%q", st.name, got, st.want)
		}
		if !slices.Equal(full, st.want) {
			t.Errorf("%s: Check gave\n%q\nwant\n%q", st.name, full, st.want)
		}
	}
}

func errStrings(err error) []string {
	if err == nil {
		return nil
	}
	type unwrapper interface{ Unwrap() []error }
	u, ok := err.(unwrapper)
	if !ok {
		return []string{err.Error()}
	}
	var out []string
	for _, e := range u.Unwrap() {
		out = append(out, e.Error())
	}
	return out
}
