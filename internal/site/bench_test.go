package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/corpus"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// Benchmarks of the builder. `make bench` runs them; each reports ns/page
// (wall time of one build divided by the HTML pages it made), so that
// the sizes can be compared: a builder whose cost grows linearly shows
// about the same ns/page at every size.
//
//	go test -run '^$' -bench . -benchtime 3x ./internal/site/
//
// The checker's WebAssembly module is replaced by a few fake bytes, so
// the Go toolchain is not part of what is measured.

// benchCorpus copies the real content to a temporary directory and adds n
// synthetic articles (at least as many as the real content links to but
// does not have yet). It returns the content directory.
func benchCorpus(tb testing.TB, n int) string {
	tb.Helper()
	real, err := corpus.ReadReal("../../content", "../../templates")
	if err != nil {
		tb.Fatal(err)
	}
	n = max(n, len(real.Missing))
	dir := filepath.Join(tb.TempDir(), "content")
	if err := corpus.WriteLiftwell(dir, real, corpus.Generate(n, real)); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// benchConfig is fixtureConfig for the real site with the content folder
// dir.
func benchConfig(dir string) Config {
	cfg := fixtureConfig("../..", "/")
	cfg.Content = dir
	return cfg
}

func htmlPages(files Files) (pages, bytes int) {
	for p, data := range files {
		if strings.HasSuffix(p, ".html") {
			pages++
			bytes += len(data)
		}
	}
	return pages, bytes
}

// BenchmarkBuild builds the site from scratch (a new Builder each time, as
// `liftwell build` does) with 250, 1,000 and 4,000 synthetic articles on
// top of the real content.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{250, 1000, 4000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			cfg := benchConfig(benchCorpus(b, n))
			cfg.Once = true
			var pages, size int
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				bl, err := New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				files, err := bl.Build()
				if err != nil {
					b.Fatal(err)
				}
				pages, size = htmlPages(files)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pages), "ns/page")
			b.ReportMetric(float64(pages), "pages")
			b.ReportMetric(float64(size)/float64(pages), "HTML-B/page")
		})
	}
}

// BenchmarkRenderArticle renders one real article page, in its stages:
// Markdown to minified HTML (uncached), and the page drawn from the
// minified templates (which needs no pass of the minifier over the page).
func BenchmarkRenderArticle(b *testing.B) {
	builder, err := New(benchConfig(benchCorpus(b, 0)))
	if err != nil {
		b.Fatal(err)
	}
	last := keepLast(builder)
	if _, err := builder.Build(); err != nil {
		b.Fatal(err)
	}
	bl := last()
	a := bl.site.Articles[0]
	b.Logf("article %s, %d bytes of Markdown", a.Path, len(a.Body))
	markdown := func() {
		var errs srcerr.List
		bl.renderMarkdown(a, &errs)
		if errs.Err() != nil {
			b.Fatal(errs.Err())
		}
	}
	page := bl.articlePage(a, &rendered{})
	page.Site = bl.siteData()
	template := func() {
		var r rendered
		bl.render(page, &r)
		if r.errs.Err() != nil || len(r.html) == 0 {
			b.Fatal(r.errs.Err())
		}
	}
	for _, s := range []struct {
		name string
		f    func()
	}{
		{"markdown", markdown},
		{"template", template},
		{"all", func() { markdown(); template() }},
	} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				s.f()
			}
		})
	}
}

// BenchmarkRebuild edits one article's body and builds again with the
// same Builder, which keeps the parsed templates, the rendered pages and
// what they were made from. With watched, the Builder is told of the edit
// as serve's watcher tells it (Watched, then Changed), and looks at no
// other file; without, it finds the edit by the files' sizes and times.
// The goal is a rebuild within 50 ms at 4,000 articles (issue 14); the
// metric ms/rebuild says how close it is. internal/serve's
// BenchmarkRebuild measures the same through the server, with the real
// module, and cmd/benchsite -serve from the file write to the page.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range []int{0, 1000, 4000} {
		dir := benchCorpus(b, n)
		for _, watched := range []bool{false, true} {
			b.Run(fmt.Sprintf("articles=+%d/watched=%v", n, watched), func(b *testing.B) {
				bl, err := New(benchConfig(dir))
				if err != nil {
					b.Fatal(err)
				}
				if watched {
					bl.Watched()
				}
				last := keepLast(bl)
				if _, err := bl.Build(); err != nil {
					b.Fatal(err)
				}
				file := last().site.Articles[0].Path
				bl.onBuild = nil
				orig, err := os.ReadFile(file)
				if err != nil {
					b.Fatal(err)
				}
				defer os.WriteFile(file, orig, 0o644)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					edited := append(bytes.Clone(orig), fmt.Sprintf("\nEdit number %d.\n", i)...)
					if err := os.WriteFile(file, edited, 0o644); err != nil {
						b.Fatal(err)
					}
					if watched {
						bl.Changed(file)
					}
					b.StartTimer()
					if _, err := bl.Build(); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(b.Elapsed())/float64(time.Millisecond)/float64(b.N), "ms/rebuild")
			})
		}
	}
}
