package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/liftwell/liftwell/internal/srcerr"
)

// TestErrorsQuoteExcerpts: a message quotes at most a short, escaped
// excerpt of a value. Terminal escapes, control and format characters
// come out escaped, and a huge value is cut.
func TestErrorsQuoteExcerpts(t *testing.T) {
	huge := strings.Repeat("A", 131<<10)
	evil := `\e]0;pwned\a\e[2J\u202e` + huge
	fsys := fstest.MapFS{
		"articles/a.md":         {Data: []byte("---\ntitle: A\ndescription: d\norder: 1\nupdated: \"" + evil + "\"\n---\nBody\n")},
		"articles/b.md":         {Data: []byte("---\ntitle: B\ndescription: d\norder: 2\nupdated: 2024-01-01\nrelated: [\"" + evil + "\"]\n? \"" + evil + "\"\n: 1\n---\n")},
		"articles/c.md":         {Data: []byte("---\ntitle: [\"" + evil + "\"]\ndescription: d\norder: " + strings.Repeat("9", 5000) + "\nupdated: 2024-01-01\n---\n")},
		"exercises/bridge.yaml": {Data: []byte(strings.NewReplacer("purpose: strengthen", `purpose: "`+evil+`"`, "related: [cat-cow]\n", "").Replace(testExercise))},
		"exercises/bridge.svg":  {Data: []byte(testSVG)},
	}
	_, err := Load(fsys, "content")
	if err == nil {
		t.Fatal("no error")
	}
	var list srcerr.List
	errors.As(err, &list)
	if len(list) < 5 {
		t.Errorf("want at least 5 errors, got:\n%v", err)
	}
	for _, e := range list {
		s := e.Error()
		if len(s) > 300 {
			t.Errorf("error of %d bytes: %.200s...", len(s), s)
		}
		for _, r := range s {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x202e || r == utf8.RuneError {
				t.Errorf("error holds %U: %q", r, s)
				break
			}
		}
	}
	if !strings.Contains(err.Error(), `"\x1b]0;pwned\a\x1b[2J\u202eAAA`) {
		t.Errorf("the value is not shown escaped:\n%v", err)
	}
}
