package site

import (
	"bytes"
	"reflect"
	"testing"
)

// TestFingerprintUnexported: a value reached through an unexported field
// cannot be turned back into an interface, so fingerprint must not ask
// for one; such values are still written in full, so two that differ
// have different fingerprints.
func TestFingerprintUnexported(t *testing.T) {
	type inputs struct {
		link  Link
		links []Link
	}
	print := func(v inputs) string {
		var w bytes.Buffer
		fingerprint(&w, reflect.ValueOf(v))
		return w.String()
	}
	a := inputs{Link{Slug: "a", Title: "A"}, []Link{{Slug: "b"}}}
	b := inputs{Link{Slug: "a", Title: "B"}, []Link{{Slug: "b"}}}
	c := inputs{Link{Slug: "a", Title: "A"}, []Link{{Slug: "c"}}}
	if print(a) != print(a) {
		t.Error("one value, two fingerprints")
	}
	if print(a) == print(b) || print(a) == print(c) {
		t.Error("different values, one fingerprint")
	}
}

// TestSameDepsNotComparable: page inputs that cannot be compared with ==
// (slices, maps) are compared by value, not with a panic.
func TestSameDepsNotComparable(t *testing.T) {
	for _, tc := range []struct {
		a, b []any
		want bool
	}{
		{[]any{"x", []string{"a"}}, []any{"x", []string{"a"}}, true},
		{[]any{"x", []string{"a"}}, []any{"x", []string{"b"}}, false},
		{[]any{map[string]int{"a": 1}}, []any{map[string]int{"a": 1}}, true},
		{[]any{map[string]int{"a": 1}}, []any{map[string]int{"a": 2}}, false},
		{[]any{[]Link{{Slug: "a"}}}, []any{[]Link{{Slug: "a"}}}, true},
		{[]any{[]Link{{Slug: "a"}}}, []any{[]Link{{Slug: "b"}}}, false},
		{[]any{"x"}, []any{"y"}, false},
		{[]any{"x"}, []any{"x", "y"}, false},
	} {
		if got := sameDeps(tc.a, tc.b); got != tc.want {
			t.Errorf("sameDeps(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
