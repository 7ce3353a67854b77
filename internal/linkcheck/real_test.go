package linkcheck_test

import (
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/linkcheck"
	"github.com/liftwell/liftwell/internal/site/sitetest"
)

// The tests here scan the pages of a build of the real site: they import
// site, which imports linkcheck, and so are in a package of their own.

// realPages builds the real content and templates (with a fake checker
// module) and returns the HTML pages.
func realPages(tb testing.TB) (names []string, pages [][]byte) {
	tb.Helper()
	files := sitetest.Build(tb, sitetest.Config("../..", "/"))
	for _, p := range files.Paths() {
		if strings.HasSuffix(p, ".html") {
			names = append(names, p)
			pages = append(pages, files[p])
		}
	}
	return names, pages
}

// TestScanHTMLReal compares scanHTML with the Tokenizer's scan on the
// pages of a build of the real site.
func TestScanHTMLReal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site; skipped with -short")
	}
	names, pages := realPages(t)
	for i, page := range pages {
		ids, refs, fast := linkcheck.CheckScanHTML(t, names[i], page)
		if len(ids) == 0 || len(refs) == 0 || !fast {
			t.Errorf("%s: %d ids, %d refs, scanned by scanHTML itself: %v", names[i], len(ids), len(refs), fast)
		}
	}
}

// BenchmarkScanHTML scans the pages of a build of the real site, with
// scanHTML and with the Tokenizer.
func BenchmarkScanHTML(b *testing.B) {
	_, pages := realPages(b)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	b.Logf("%d pages, %d bytes per page", len(pages), size/len(pages))
	for _, s := range []struct {
		name string
		scan func([]byte) (map[string]bool, []string)
	}{{"new", linkcheck.ScanHTML}, {"xnethtml", linkcheck.TokenizeHTML}} {
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					s.scan(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(pages)), "ns/page")
		})
	}
}
