package srcerr

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorString(t *testing.T) {
	for _, tc := range []struct {
		err  Error
		want string
	}{
		{Error{"content/exercises/bridge.yaml", 7, 3, `unknown field "stpes"`}, `content/exercises/bridge.yaml:7:3: unknown field "stpes"`},
		{Error{"content/a.md", 4, 0, "invalid YAML: x"}, "content/a.md:4: invalid YAML: x"},
		{Error{"content/a.md", 0, 0, "duplicate slug"}, "content/a.md: duplicate slug"},
		{Error{"content/a.md", 0, 5, "no line"}, "content/a.md: no line"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%#v.Error() = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestList(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty List.Err() is not nil")
	}
	l.Add(nil)
	if len(l) != 0 {
		t.Fatal("Add(nil) added")
	}
	l.AddAt("a.md", 1, 2, "first")
	var sub List
	sub.AddAt("b.md", 3, 4, "second")
	sub.Add(fs.ErrNotExist)
	l.Add(fmt.Errorf("wrapped: %w", sub)) // a List inside is flattened
	if len(l) != 3 {
		t.Fatalf("List has %d errors, want 3 (flattened): %v", len(l), l)
	}
	if got, want := l.Err().Error(), "a.md:1:2: first\nb.md:3:4: second\nfile does not exist"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(l.Err(), fs.ErrNotExist) {
		t.Error("errors.Is does not see into the List")
	}
	var e *Error
	if !errors.As(l.Err(), &e) || e.Path != "a.md" {
		t.Errorf("errors.As found %v", e)
	}
}

// TestListAll: every error is listed, however many (issue 12, §6: a
// build with 180 errors printed 50).
func TestListAll(t *testing.T) {
	var l List
	for i := range 180 {
		l.AddAt("x.yaml", i+1, 1, "bad")
	}
	lines := strings.Split(l.Error(), "\n")
	if len(lines) != 180 {
		t.Fatalf("%d lines, want 180", len(lines))
	}
	if lines[179] != "x.yaml:180:1: bad" {
		t.Errorf("last line %q", lines[179])
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("ab\ncde\n\nf")
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {7, 3, 1}, {8, 4, 1}, {100, 4, 2},
	} {
		if line, col := LineCol(src, tc.off); line != tc.line || col != tc.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                     `"plain"`,
		"\x1b[31mred":               `"\x1b[31mred"`,
		"bad \xff byte":             `"bad \xff byte"`,
		strings.Repeat("é", 100):    `"` + strings.Repeat("é", MaxExcerpt) + `"…`,
		strings.Repeat("a", 60):     `"` + strings.Repeat("a", 60) + `"`,
		strings.Repeat("\xff", 100): `"` + strings.Repeat(`\xff`, MaxExcerpt) + `"…`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%.20q) = %s, want %s", in, got, want)
		}
	}
	e := &Error{Path: "content/\x1b[2J.md", Line: 1, Msg: "yaml: bad \x07 \xff" + strings.Repeat("x", 1000)}
	if s := e.Error(); strings.ContainsAny(s, "\x1b\x07") || !utf8.ValidString(s) || len(s) > maxMessage+100 {
		t.Errorf("Error() = %q", s)
	}
}

// TestBefore puts errors in the order of their lines and columns; an
// error without a position (not an *Error) comes first, as line 0, and
// a wrapped *Error keeps its place.
func TestBefore(t *testing.T) {
	plain := errors.New("no position")
	at := func(line, col int) *Error { return &Error{Path: "a.md", Line: line, Col: col, Msg: "m"} }
	for _, tc := range []struct {
		a, b error
		want bool
	}{
		{at(1, 5), at(2, 1), true},
		{at(2, 1), at(1, 5), false},
		{at(2, 1), at(2, 3), true},
		{at(2, 3), at(2, 3), false},
		{plain, at(1, 1), true},
		{at(1, 1), plain, false},
		{plain, plain, false},
		{fmt.Errorf("wrapped: %w", at(3, 1)), at(2, 9), false},
		{at(2, 9), fmt.Errorf("wrapped: %w", at(3, 1)), true},
	} {
		if got := Before(tc.a, tc.b); got != tc.want {
			t.Errorf("Before(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
