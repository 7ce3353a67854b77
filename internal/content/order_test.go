package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// TestLoadErrorOrder checks that the errors of many bad files, loaded in
// parallel, come out by directory, then by file name, then in the order
// each file's checks found them, with duplicates, bad names, unexpected
// files and drawings among them. Run it with -race and -count.
func TestLoadErrorOrder(t *testing.T) {
	dir := t.TempDir()
	var want []string
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantf := func(format string, args ...any) { want = append(want, "content/"+fmt.Sprintf(format, args...)) }

	// Upper case sorts first; the name is checked after the UTF-8.
	write("articles/Bad.md", testArticle("Bad", 1, ""))
	wantf(`articles/Bad.md: file name "Bad" is not a slug: use lowercase letters, digits and single hyphens`)
	for i := range 40 {
		a := fmt.Sprintf("a%02d", i)
		if i%10 == 0 {
			// ".markdown" sorts before ".md", so it takes the slug, and
			// the .md file's own problems are not reported.
			write("articles/"+a+".markdown", "No front matter.\n")
			wantf(`articles/%s.markdown:1:1: missing front matter: the file must start with a line "---"`, a)
		}
		switch i % 5 {
		case 0:
			write("articles/"+a+".md", "---\ntitle: T\ndescription: D.\nordr: 1\nupdated: 2024-05-01\n---\nBody\n")
			if i%10 == 0 {
				wantf(`articles/%s.md: duplicate slug %q: content/articles/%s.markdown has it too`, a, a, a)
			} else {
				wantf(`articles/%s.md:4:1: unknown field "ordr" (did you mean "order"?)`, a)
				wantf(`articles/%s.md:2:1: missing required field "order"`, a)
			}
		case 1:
			write("articles/"+a+".md", strings.Replace(testArticle("T", 1, ""), "2024-05-01", "soon", 1))
			wantf(`articles/%s.md:5:10: field "updated": want a date as YYYY-MM-DD, got "soon"`, a)
		case 2:
			write("articles/"+a+".md", "No front matter.\n")
			wantf(`articles/%s.md:1:1: missing front matter: the file must start with a line "---"`, a)
		case 3:
			write("articles/"+a+".md", testArticle("T", 1, "")+"Caf\xe9\n")
			wantf(`articles/%s.md:7:4: invalid UTF-8`, a)
		case 4:
			write("articles/"+a+".md", testArticle("T", 1, ""))
			write("articles/"+a+".svg", `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1" onload="x"><path style="y"/></svg>`)
			wantf(`articles/%s.svg:1:1: event attribute onload is not allowed`, a)
			wantf(`articles/%s.svg:1:91: style attribute is not allowed (the Content Security Policy blocks it): use a class and the <style> element`, a)
		}
		if i%7 == 0 {
			write("articles/"+a+".txt", "")
			wantf(`articles/%s.txt: unexpected file: want .markdown, .md or .svg`, a)
		}
	}
	for i := range 35 {
		e := fmt.Sprintf("e%02d", i)
		switch i % 3 {
		case 0:
			write("exercises/"+e+".yaml", "name: X\n")
			for _, f := range []string{"summary", "purpose", "targets", "steps", "dose", "cues", "mistakes", "easier", "harder", "stop_if", "illustration"} {
				wantf(`exercises/%s.yaml:1:1: missing required field %q`, e, f)
			}
		case 1:
			write("exercises/"+e+".yaml", strings.Replace(testExercise, "purpose: strengthen", "purpose: jog", 1))
			wantf(`exercises/%s.yaml:3:10: field "purpose": "jog" is not one of easing, warm-up, strengthen, mobility, cool-down, self-massage`, e)
		case 2:
			write("exercises/"+e+".yaml", "name: [\n")
			wantf(`exercises/%s.yaml:2: invalid YAML: did not find expected node content`, e)
		}
		if i%8 == 0 {
			write("exercises/"+e+".yml", "name: [\n")
			wantf(`exercises/%s.yml: duplicate slug %q: content/exercises/%s.yaml has it too`, e, e, e)
		}
	}

	_, err := Load(os.DirFS(dir), "content")
	list, ok := err.(srcerr.List)
	if !ok {
		t.Fatalf("Load error %T %v, want a srcerr.List", err, err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	if len(got) != len(want) {
		t.Errorf("%d errors, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("error %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
