package content

import (
	"regexp"
	"testing"
)

// TestIsSlug checks IsSlug against the regular expression it writes out,
// on every string of up to five characters drawn from letters, digits,
// hyphens and characters a slug must not hold.
func TestIsSlug(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	alphabet := []string{"a", "z", "0", "9", "-", "A", "_", ".", "é"}
	var walk func(s string, n int)
	walk = func(s string, n int) {
		if got, want := IsSlug(s), re.MatchString(s); got != want {
			t.Errorf("IsSlug(%q) = %v, the expression says %v", s, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			walk(s+c, n-1)
		}
	}
	walk("", 5)
}
