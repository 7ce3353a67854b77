package content

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// companions are valid files loaded beside the fuzzed one, so that its
// cross references can resolve.
func companions() fstest.MapFS {
	return fstest.MapFS{
		"articles/other.md":     {Data: []byte(testArticle("Other", 2, "") + "Body.\n")},
		"articles/chart.svg":    {Data: []byte(testSVG)},
		"exercises/bridge.yaml": {Data: []byte(strings.Replace(testExercise, "related: [cat-cow]\n", "", 1))},
		"exercises/bridge.svg":  {Data: []byte(testSVG)},
	}
}

var errorLine = regexp.MustCompile(`^content/[a-z]+/[a-z.-]+(:[1-9][0-9]*(:[1-9][0-9]*)?)?: \S`)

// checkLoadErrors checks the invariants of Load's errors: each is a
// *srcerr.Error printed as "path:line:col: msg" or "path: msg" on one
// line, about a file that exists, at a line the file has.
func checkLoadErrors(t *testing.T, fsys fstest.MapFS, err error) {
	var list srcerr.List
	if !errors.As(err, &list) {
		t.Fatalf("Load error is a %T, not a srcerr.List: %v", err, err)
	}
	if len(list) == 0 {
		t.Fatal("Load returned an empty srcerr.List")
	}
	for _, e := range list {
		var ce *srcerr.Error
		if !errors.As(e, &ce) {
			t.Fatalf("error %q is a %T, not a *srcerr.Error", e, e)
		}
		s := ce.Error()
		if !errorLine.MatchString(s) || strings.Contains(s, "\n") || !utf8.ValidString(s) {
			t.Fatalf("malformed error line %q", s)
		}
		f, ok := fsys[strings.TrimPrefix(ce.Path, "content/")]
		if !ok {
			t.Fatalf("error names a file that does not exist: %q", s)
		}
		// A line ends with LF, CRLF or a lone CR.
		if lines := strings.Count(string(normalizeNewlines(f.Data)), "\n") + 1; ce.Line > lines {
			t.Fatalf("error at line %d of a %d-line file: %q", ce.Line, lines, s)
		}
	}
}

// loadOrCheckErrors loads fsys and returns the site, or checks Load's
// errors with checkLoadErrors and returns nil.
func loadOrCheckErrors(t *testing.T, fsys fstest.MapFS) *Site {
	site, err := Load(fsys, "content")
	if err != nil {
		if site != nil {
			t.Fatal("Load returned a site and an error")
		}
		checkLoadErrors(t, fsys, err)
		return nil
	}
	return site
}

func FuzzArticle(f *testing.F) {
	f.Add([]byte(testArticle("A", 1, "exercises: [bridge]\nrelated: [other]\n") + "# Heading\n\nBody [link](/exercises/bridge/).\n"))
	f.Add([]byte("---\ntitle: x\n---\n"))
	f.Add([]byte("---\ntitle: [a\n---\nbody"))
	f.Add([]byte("---\r\ntitle: A\r\ndescription: d\r\norder: 1\r\nupdated: 2024-01-01\r\n---\r\nBody\r\n"))
	f.Add([]byte("no front matter"))
	f.Add([]byte("---\n*a: &a [*a]\n---\n"))
	f.Add([]byte("---\ntitle: A\nstpes: 1\norder: 99999999999999999999\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := companions()
		fsys["articles/x.md"] = &fstest.MapFile{Data: data}
		site := loadOrCheckErrors(t, fsys)
		if site == nil {
			return
		}
		a := site.Article("x")
		if a == nil || a.Title == "" || a.Description == "" || a.Short == "" || !utf8.Valid(a.Body) || a.BodyLine < 3 {
			t.Fatalf("article loaded without its required fields: %+v", a)
		}
	})
}

func FuzzExercise(f *testing.F) {
	f.Add([]byte(strings.Replace(testExercise, "related: [cat-cow]\n", "related: [bridge]\n", 1)))
	f.Add([]byte("name: x\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("name: [a\n"))
	f.Add([]byte("illustration:\n  file: ../articles/chart.svg\n  alt: x\n"))
	f.Add([]byte("steps: &s [a]\ncues: *s\n"))
	f.Add([]byte("name: a\nname: b\n\tx: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := companions()
		fsys["exercises/x.yaml"] = &fstest.MapFile{Data: data}
		site := loadOrCheckErrors(t, fsys)
		if site == nil {
			return
		}
		e := site.Exercise("x")
		if e == nil || e.Name == "" || len(e.Steps) == 0 || site.Images["exercises/"+e.Illustration.File] == nil {
			t.Fatalf("exercise loaded without its required fields or drawing: %+v", e)
		}
	})
}
