package content

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
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
	l.Addf("a.md", 1, 2, "first")
	var sub List
	sub.Addf("b.md", 3, 4, "second")
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

func TestListCap(t *testing.T) {
	var l List
	for i := range MaxErrors + 7 {
		l.Addf("x.yaml", i+1, 1, "bad")
	}
	lines := strings.Split(l.Error(), "\n")
	if len(lines) != MaxErrors+1 {
		t.Fatalf("%d lines, want %d", len(lines), MaxErrors+1)
	}
	if want := fmt.Sprintf("too many errors (%d); stopped after %d", MaxErrors+7, MaxErrors); lines[MaxErrors] != want {
		t.Errorf("last line %q, want %q", lines[MaxErrors], want)
	}
	if lines[MaxErrors-1] != fmt.Sprintf("x.yaml:%d:1: bad", MaxErrors) {
		t.Errorf("line %d is %q", MaxErrors, lines[MaxErrors-1])
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("ab\ncde\n\nf")
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {7, 3, 1}, {8, 4, 1}, {100, 4, 2},
	} {
		if line, col := lineCol(src, tc.off); line != tc.line || col != tc.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
}
