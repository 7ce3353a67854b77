package site

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// TestMarkdownLimits: an article past one of the limits on its Markdown
// is an error at the place that passed it, found before goldmark parses
// it; the cases are those of issue 22, which ran out of memory or took
// minutes.
func TestMarkdownLimits(t *testing.T) {
	row := func(cols int) string { return "|" + strings.Repeat(" a |", cols) + "\n" }
	sep := func(cols int) string { return "|" + strings.Repeat("---|", cols) + "\n" }
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unclosed links", "Intro.\n\n" + strings.Repeat("[a](", 200000), "content/articles/a.md:12:" + strconv.Itoa(4*MaxBrackets+1) + ": more than " + strconv.Itoa(MaxBrackets) + " \"[\" in one article"},
		{"wide table", "Intro.\n\n" + row(3000) + sep(3000), "content/articles/a.md:12:1: a table row of more than 64 columns"},
		{"many cells", "Intro.\n\n" + row(64) + sep(64) + strings.Repeat("|a|\n", 400), "content/articles/a.md:" + strconv.Itoa(10+2+MaxTableCells/64) + ":1: more than 20000 table cells in one article"},
		{"references", strings.Repeat("[r]: /x/\n", 501) + "[a][r]\n", "content/articles/a.md:510:1: more than 500 link reference definitions"},
		{"long link", "See [it](/" + strings.Repeat("x", MaxURL) + "/).\n", "content/articles/a.md:10:5: a link of 2050 bytes: at most 2048"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := markdownBuilder(t, "/")
			var errs srcerr.List
			page := b.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: []byte(tc.body), BodyLine: 10}, &errs)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
				t.Errorf("errors:\n%v\nwant one starting %q", errs.Err(), tc.want)
			}
			if page.html != nil && tc.name != "long link" {
				t.Errorf("rendered %d bytes past a limit", len(page.html))
			}
		})
	}
	// At the limits, the article renders.
	b := markdownBuilder(t, "/")
	var errs srcerr.List
	body := strings.Repeat("[a](", MaxBrackets-MaxReferences) + "\n\n" + row(MaxTableColumns) + sep(MaxTableColumns) + strings.Repeat("[r]: /x/\n", MaxReferences)
	if page := b.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: []byte(body), BodyLine: 10}, &errs); len(errs) != 0 || len(page.html) == 0 {
		t.Errorf("at the limits: %v", errs.Err())
	}
}

// FuzzPrescan: prescan's answer is a place in the body, and a body it
// passes is within the limits, counted another way.
func FuzzPrescan(f *testing.F) {
	f.Add([]byte("a [b](c) | d |\n|---|\n[r]: /x\n"))
	f.Add([]byte(strings.Repeat("[", MaxBrackets+1)))
	f.Add([]byte(strings.Repeat("|", MaxTableColumns+3)))
	f.Add([]byte(strings.Repeat("[r]: /x\n", MaxReferences+1)))
	f.Fuzz(func(t *testing.T, body []byte) {
		off, msg := prescan(body)
		if off >= len(body) || (off < 0) != (msg == "") {
			t.Fatalf("prescan = %d, %q for %d bytes", off, msg, len(body))
		}
		if off >= 0 {
			return
		}
		if n := bytes.Count(body, []byte("[")); n > MaxBrackets {
			t.Errorf("passed %d brackets", n)
		}
		for _, line := range bytes.Split(body, []byte("\n")) {
			if n := bytes.Count(line, []byte("|")); n > MaxTableColumns+2 {
				t.Errorf("passed a line of %d pipes", n)
			}
		}
	})
}

// BenchmarkMarkdownAtLimits renders an article at the bracket limit, all
// brackets left open (goldmark's worst case), padded to MaxBody.
func BenchmarkMarkdownAtLimits(bm *testing.B) {
	b := markdownBuilder(bm, "/")
	body := strings.Repeat("[a](", MaxBrackets) + "\n\n"
	body += strings.Repeat("word ", (content.MaxBody-len(body))/5)
	for bm.Loop() {
		var errs srcerr.List
		b.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: []byte(body), BodyLine: 1}, &errs)
	}
}

// TestOutputCaps: a page past maxBuiltPage is an error naming its
// article (or template) and page, and a site past maxOutput an error for
// the whole; the build fails, with no files. The caps are lowered here to
// make the fixture pass them.
func TestOutputCaps(t *testing.T) {
	defer func(p, o int) { maxBuiltPage, maxOutput = p, o }(maxBuiltPage, maxOutput)
	cfg := memConfig(t, fixtureFS(t, nil), "/")
	maxBuiltPage = 3 << 20
	_, files := build(t, cfg) // the fixture is within the real caps
	largest, total := 0, 0
	for p, data := range files {
		total += len(data)
		if strings.HasSuffix(p, ".html") {
			largest = max(largest, len(data))
		}
	}
	maxBuiltPage = largest - 1
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if files, err := b.Build(); err == nil || files != nil || !strings.Contains(err.Error(), "bytes, more than the 0 MB a page may have") {
		t.Errorf("a page past the cap: %v", err)
	}
	maxBuiltPage, maxOutput = largest, total-1
	if b, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	if files, err := b.Build(); err == nil || files != nil || !strings.HasPrefix(err.Error(), "the built site: "+strconv.Itoa(total)+" bytes, more than") {
		t.Errorf("a site past the cap: %v", err)
	}
}
