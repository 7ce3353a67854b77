package site

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// noHang runs f and fails the test if it has not returned after a
// minute: the cases here hung for ever before they were fixed (this
// measures no speed; a minute is far beyond any of them).
func noHang(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s did not return", what)
	}
}

// TestHighlightStuckLexers: chroma's JSONata lexer on a lone "\" and its
// Jungle lexer on "!" emit empty tokens for ever. A fence in those
// languages is not highlighted (they are not in highlightLanguages), and
// even run directly, the token reader stops them and writes the code plain.
func TestHighlightStuckLexers(t *testing.T) {
	for lang, code := range map[string]string{"jsonata": "\\\n", "jungle": "!\n"} {
		lexer := lexers.Get(lang)
		if lexer == nil {
			t.Fatalf("chroma has no lexer %s", lang)
		}
		for _, direct := range []bool{false, true} {
			var out strings.Builder
			var err error
			noHang(t, "highlighting "+lang, func() {
				if direct {
					err = highlightWith(&out, lexer, code, nil)
				} else {
					err = highlight(&out, lang, code)
				}
			})
			want := `<pre class="code"><code>` + code + "</code></pre>\n"
			if err != nil || out.String() != want {
				t.Errorf("%s (direct %v): %q, %v; want %q", lang, direct, out.String(), err, want)
			}
		}
	}
	// A language outside the list is plain even when chroma knows it.
	var out strings.Builder
	if err := highlight(&out, "python", "x = 1\n"); err != nil || strings.Contains(out.String(), "hl-") {
		t.Errorf("python: %q, %v; want plain code", out.String(), err)
	}
}

// endless is a lexer that never ends, writing "x" tokens.
type endless struct{ chroma.Lexer }

func (endless) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	return func() chroma.Token { return chroma.Token{Type: chroma.Name, Value: "x"} }, nil
}

// TestHighlightStops: highlighting checks the render's stop as it goes,
// and returns its error once it has one (here after 10,000 checks, not
// after a time).
func TestHighlightStops(t *testing.T) {
	var calls atomic.Int64
	why := errors.New("rendering stopped")
	stop := func() error {
		if calls.Add(1) > 10000 {
			return why
		}
		return nil
	}
	var err error
	noHang(t, "an endless lexer", func() { err = highlightWith(&strings.Builder{}, endless{}, "x", stop) })
	if !errors.Is(err, why) {
		t.Errorf("error %v, want %v", err, why)
	}
}

// TestRenderDeadlineInMarkdown: the render deadline covers Markdown, not
// only templates, and the error is at the article's text, not at
// layout.html: the deadline is fired (by the test's hook) as rendering
// starts, and the article with a long code block, or any article, stops
// there.
func TestRenderDeadlineInMarkdown(t *testing.T) {
	b := markdownBuilder(t, "/")
	fired := errors.New("rendering stopped after 1m0s (the render timeout)")
	code := "```go\n" + strings.Repeat("x := 1\n", 5000) + "```\n"
	body := "Intro.\n\n" + code
	var errs srcerr.List
	// Stopped before the article: at its text.
	b.stop = new(atomic.Pointer[error])
	b.stop.Store(&fired)
	b.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: []byte(body), BodyLine: 7}, &errs)
	if got, want := errs.Error(), "content/articles/a.md:7:1: "+fired.Error()+" before this article's text"; got != want {
		t.Errorf("stopped before: %q, want %q", got, want)
	}
	// Stopped while the code is highlighted: at its fence. The stop is
	// set once the walk is past (stopped checks it every stopEvery
	// tokens; the walk sees few nodes).
	errs = nil
	b.stop = new(atomic.Pointer[error])
	b.md = newMarkdown(func() error {
		b.stop.CompareAndSwap(nil, &fired)
		return b.stopped()
	})
	b.renderMarkdown(&content.Article{Path: "content/articles/a.md", Body: []byte(body), BodyLine: 7}, &errs)
	if got, want := errs.Error(), "content/articles/a.md:9:1: "+fired.Error()+" in this code block"; got != want {
		t.Errorf("stopped in the code: %q, want %q", got, want)
	}
}

// TestRenderDeadlineInBuild: with the deadline passed for the Markdown
// (Config.RenderExpired, asked with the kind "markdown", not a time), a
// build reports each article at its text, not at the layout that would
// have drawn it.
func TestRenderDeadlineInBuild(t *testing.T) {
	cfg := memConfig(t, fixtureFS(t, nil), "/")
	cfg.RenderExpired = func(kind, place string) bool { return kind == "markdown" }
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Build()
	if err == nil {
		t.Fatal("the build succeeded")
	}
	for _, want := range []string{
		"content/articles/sore-or-hurt.md:10:1: rendering stopped after 1m0s (the render timeout) before this article's text",
		"content/articles/when-to-see-a-doctor.md:8:1: rendering stopped after 1m0s (the render timeout) before this article's text",
	} {
		if !strings.Contains(err.Error(), want+"\n") && !strings.HasSuffix(err.Error(), want) {
			t.Errorf("no %q in:\n%v", want, err)
		}
	}
}
