package content

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/liftwell/liftwell/internal/srcerr"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/load/*.txtar")

// treeFS returns the files of an archive, but its "want" section, as a
// content directory. articles/ and exercises/ always exist.
func treeFS(ar *txtar.Archive) fstest.MapFS {
	fsys := fstest.MapFS{
		"articles":  &fstest.MapFile{Mode: fs.ModeDir | 0o755},
		"exercises": &fstest.MapFile{Mode: fs.ModeDir | 0o755},
	}
	for _, f := range ar.Files {
		if f.Name != "want" {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys
}

func section(ar *txtar.Archive, name string) (*txtar.File, bool) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			return &ar.Files[i], true
		}
	}
	return nil, false
}

// TestLoadCases loads each testdata/load/*.txtar as a content directory
// and compares the errors, one a line, with its "want" section (empty: no
// error). go test -update rewrites the want sections.
func TestLoadCases(t *testing.T) {
	files, err := filepath.Glob("testdata/load/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := section(ar, "want")
			if !ok {
				t.Fatalf("%s has no want section", file)
			}
			site, err := Load(treeFS(ar), "content")
			got := ""
			if err != nil {
				got = err.Error() + "\n"
				if site != nil {
					t.Errorf("Load returned a site with errors")
				}
				var list srcerr.List
				if !errors.As(err, &list) {
					t.Errorf("Load error is a %T, want a srcerr.List", err)
				}
				for _, e := range list {
					checkErrorForm(t, e)
				}
			} else if site == nil {
				t.Fatal("Load returned neither a site nor an error")
			}
			if got == string(want.Data) {
				return
			}
			if *update {
				want.Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("errors:\n%s\nwant:\n%s", got, want.Data)
		})
	}
}

// checkErrorForm checks that e is a positioned *srcerr.Error with a one-line
// message naming a file under content/.
func checkErrorForm(t *testing.T, e error) {
	t.Helper()
	var ce *srcerr.Error
	if !errors.As(e, &ce) {
		t.Errorf("error %q is a %T, want *srcerr.Error", e, e)
		return
	}
	if !strings.HasPrefix(ce.Path, "content/") || ce.Msg == "" || strings.Contains(ce.Msg, "\n") || ce.Line < 0 || ce.Col < 0 || ce.Line == 0 && ce.Col != 0 {
		t.Errorf("malformed error %#v", ce)
	}
}

const (
	testSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300"><path d="M0 0 L600 300"/></svg>`

	testExercise = `name: Bridge
summary: "  Lift your hips while lying on your back.  "
purpose: strengthen
targets: [glutes, hamstrings]
dose: 2 sets of 10.
steps:
  - Lie on your back.
  - Lift your hips.
cues: [Push through your heels.]
mistakes: [Arching.]
easier: Lift less.
harder: One leg.
stop_if: [Sharp pain.]
illustration:
  file: bridge.svg
  alt: A person lifts their hips.
related: [cat-cow]
`
)

func testArticle(title string, order int, extra string) string {
	return "---\ntitle: " + title + "\ndescription: About " + title + ".\norder: " + string(rune('0'+order)) + "\nupdated: 2024-05-01\n" + extra + "---\n"
}

// TestLoadValues checks what a good tree decodes to: fields, defaults,
// positions of the body, sort orders and drawing sizes.
func TestLoadValues(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/second.md":        {Data: []byte(testArticle("Second", 2, "short: 2nd\n") + "Body of second.\n")},
		"articles/b-first.md":       {Data: []byte(testArticle("B first", 1, "exercises: [bridge]\nrelated: [second]\n") + "\nBody line 9.\n")},
		"articles/a-first.md":       {Data: []byte(strings.ReplaceAll(testArticle("A first", 1, ""), "\n", "\r\n") + "CRLF body.\r\n")},
		"articles/chart.svg":        {Data: []byte(testSVG)},
		"exercises/bridge.yaml":     {Data: []byte(testExercise)},
		"exercises/bridge.svg":      {Data: []byte(testSVG)},
		"exercises/cat-cow.yml":     {Data: []byte(strings.NewReplacer("name: Bridge", "name: Cat-cow", "bridge.svg", "cat.svg", "related: [cat-cow]", "related: [bridge]").Replace(testExercise))},
		"exercises/cat.svg":         {Data: []byte(strings.Replace(testSVG, `width="600"`, `width="61"`, 1))},
		"exercises/.hidden.yaml":    {Data: []byte("not: loaded")},
		"exercises/subdir/x.yaml":   {Data: []byte("not: loaded")},
		"articles/drafts/draft.txt": {Data: []byte("subdirectories are skipped")},
	}
	site, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, a := range site.Articles {
		slugs = append(slugs, a.Slug)
	}
	if want := []string{"a-first", "b-first", "second"}; !reflect.DeepEqual(slugs, want) {
		t.Errorf("articles in order %v, want %v (by order, then slug)", slugs, want)
	}
	b := site.Article("b-first")
	if b == nil || b.Path != "content/articles/b-first.md" || b.Short != "B first" || b.BodyLine != 9 || string(b.Body) != "\nBody line 9.\n" ||
		!reflect.DeepEqual(b.Exercises, []string{"bridge"}) || !reflect.DeepEqual(b.Related, []string{"second"}) || b.Updated != "2024-05-01" || b.Order != 1 {
		t.Errorf("b-first = %+v", b)
	}
	if s := site.Article("second"); s.Short != "2nd" || s.BodyLine != 8 {
		t.Errorf("second: Short %q BodyLine %d, want 2nd, 8", s.Short, s.BodyLine)
	}
	if a := site.Article("a-first"); string(a.Body) != "CRLF body.\n" || a.Title != "A first" {
		t.Errorf("CRLF article: title %q body %q", a.Title, a.Body)
	}
	if site.Article("nope") != nil || site.Exercise("nope") != nil {
		t.Error("lookup of a missing slug returned a value")
	}
	if len(site.Exercises) != 2 || site.Exercises[0].Name != "Bridge" || site.Exercises[1].Slug != "cat-cow" {
		t.Fatalf("exercises not sorted by name: %+v", site.Exercises)
	}
	e := site.Exercise("bridge")
	want := &Exercise{
		Slug: "bridge", Name: "Bridge", Summary: "Lift your hips while lying on your back.", Purpose: "strengthen",
		Targets: []string{"glutes", "hamstrings"}, Dose: "2 sets of 10.", Steps: []string{"Lie on your back.", "Lift your hips."},
		Cues: []string{"Push through your heels."}, Mistakes: []string{"Arching."}, Easier: "Lift less.", Harder: "One leg.",
		StopIf: []string{"Sharp pain."}, Illustration: Illustration{File: "bridge.svg", Alt: "A person lifts their hips."},
		Related: []string{"cat-cow"}, Path: "content/exercises/bridge.yaml",
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("bridge =\n%+v\nwant\n%+v", e, want)
	}
	if len(site.Images) != 3 {
		t.Errorf("images %v, want 3", site.Images)
	}
	if img := site.Images["exercises/cat.svg"]; img == nil || img.Width != 61 || img.Height != 300 || !bytes.Equal(img.Data, fsys["exercises/cat.svg"].Data) {
		t.Errorf("exercises/cat.svg = %+v", img)
	}
}

// TestFrontMatterAtEOF: a closing "---" may be the file's last bytes.
func TestFrontMatterAtEOF(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/a.md": {Data: []byte(strings.TrimSuffix(testArticle("A", 1, ""), "\n"))},
		"exercises":     {Mode: fs.ModeDir | 0o755},
	}
	site, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if a := site.Article("a"); a == nil || len(bytes.TrimSpace(a.Body)) != 0 || a.Title != "A" {
		t.Errorf("article = %+v", a)
	}
}

// TestInvalidUTF8 checks that a bad byte is reported at its line and
// column, in Markdown, YAML and SVG files alike, and that the loader goes
// on to report the other files.
func TestInvalidUTF8(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/a.md":         {Data: []byte(testArticle("A", 1, "") + "Caf\xe9 au lait.\n")},
		"articles/chart.svg":    {Data: []byte("<svg>\n  <title>\xff</title>\n</svg>\n")},
		"exercises/bridge.yaml": {Data: []byte("name: Br\xc3idge\n")},
	}
	_, err := Load(fsys, "content")
	want := "content/articles/a.md:7:4: invalid UTF-8\n" +
		"content/articles/chart.svg:2:10: invalid UTF-8\n" +
		"content/exercises/bridge.yaml:1:9: invalid UTF-8"
	if err == nil || err.Error() != want {
		t.Errorf("Load error:\n%v\nwant:\n%s", err, want)
	}
}

func TestMissingDirectories(t *testing.T) {
	_, err := Load(fstest.MapFS{}, "content")
	want := "content/articles: cannot read directory: file does not exist\n" +
		"content/exercises: cannot read directory: file does not exist"
	if err == nil || err.Error() != want {
		t.Errorf("Load error:\n%v\nwant:\n%s", err, want)
	}
}

// TestYAMLSyntaxLines checks the line numbers of syntax errors against
// where the problem is, for both kinds of yaml.v3 error (its scanner's
// are 1-based, its parser's 0-based) and those it gives no line.
func TestYAMLSyntaxLines(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string
	}{
		{"a: 1\nb: 2\n  c: 3\n", "x.yaml:3: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\nb: [1, 2\nc: 3\n", "x.yaml:2: invalid YAML: did not find expected ',' or ']'"},
		{"a: 1\nb: 2\n- c\n", "x.yaml:3: invalid YAML: did not find expected key"},
		{"a: b: c\n", "x.yaml:1: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\nb: x\x01y\n", "x.yaml:2:5: invalid YAML: control characters are not allowed"},
		{"a: 1\nb: &x 2\nc: [*y]\n", "x.yaml:3:5: invalid YAML: unknown anchor 'y' referenced"},
	} {
		var errs srcerr.List
		decodeYAML("x.yaml", []byte(tc.src), 0, &Illustration{}, &errs)
		if len(errs) != 1 || errs[0].Error() != tc.want {
			t.Errorf("%q: got %v, want %s", tc.src, errs, tc.want)
		}
		// In front matter the lines count from the file's first line.
		errs = nil
		decodeYAML("x.md", []byte(tc.src), 1, &Illustration{}, &errs)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "x.md:") {
			t.Fatalf("%q in front matter: %v", tc.src, errs)
		}
		var e *srcerr.Error
		errors.As(errs[0], &e)
		var w *srcerr.Error
		var wl srcerr.List
		decodeYAML("x.yaml", []byte(tc.src), 0, &Illustration{}, &wl)
		errors.As(wl[0], &w)
		if e.Line != w.Line+1 || e.Col != w.Col {
			t.Errorf("%q in front matter at %d:%d, want %d:%d", tc.src, e.Line, e.Col, w.Line+1, w.Col)
		}
	}
}

func TestSuggest(t *testing.T) {
	fields := structFields(reflect.TypeOf(Exercise{}))
	for name, want := range map[string]string{
		"stpes":    ` (did you mean "steps"?)`,
		"stop-if":  ` (did you mean "stop_if"?)`,
		"nmae":     ` (did you mean "name"?)`,
		"colour":   "",
		"xyzzy":    "",
		"Targets":  ` (did you mean "targets"?)`,
		"purposes": ` (did you mean "purpose"?)`,
	} {
		if got := suggest(name, fields); got != want {
			t.Errorf("suggest(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestLineEnds: CRLF and lone CR end lines as LF does, in front matter,
// bodies and exercises, so that errors name the lines an editor shows.
func TestLineEnds(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		conv := func(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", nl)) }
		fsys := fstest.MapFS{
			"articles/a.md":         {Data: conv("---\ntitle: A\ndescription: d\norder: x\nupdated: 2024-01-01\n---\nBody\n")},
			"articles/b.md":         {Data: conv(testArticle("B", 2, "") + "Body\n")},
			"exercises/bridge.yaml": {Data: conv("name: Bridge\n\nsteps: one\n")},
		}
		_, err := Load(fsys, "content")
		want := "content/articles/a.md:4:8: field \"order\": want a whole number, got \"x\"\n" +
			"content/exercises/bridge.yaml:3:8: field \"steps\": want a list, got \"one\""
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("line end %q: errors\n%v\nwant first\n%s", nl, err, want)
		}
		delete(fsys, "articles/a.md")
		fsys["exercises/bridge.yaml"] = &fstest.MapFile{Data: conv(testExercise)}
		fsys["exercises/bridge.svg"] = &fstest.MapFile{Data: []byte(testSVG)}
		fsys["exercises/cat-cow.yaml"] = &fstest.MapFile{Data: conv(strings.Replace(testExercise, "related: [cat-cow]", "related: [bridge]", 1))}
		site, err := Load(fsys, "content")
		if err != nil {
			t.Fatalf("line end %q: %v", nl, err)
		}
		if b := site.Article("b"); b.BodyLine != 7 || string(b.Body) != "Body\n" {
			t.Errorf("line end %q: body at line %d: %q", nl, b.BodyLine, b.Body)
		}
		if steps := site.Exercise("bridge").Steps; len(steps) != 2 || steps[1] != "Lift your hips." {
			t.Errorf("line end %q: steps %q", nl, steps)
		}
	}
}
