package serve

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/corpus"
	"github.com/liftwell/liftwell/internal/site"
	"github.com/liftwell/liftwell/internal/testfix"
)

// BenchmarkRebuild measures what `liftwell serve` does after a save: one
// Server.Rebuild with the Builder of the previous builds, which keeps the
// parsed templates, the rendered Markdown of unchanged articles, the
// highlighting CSS and the compiled checker module (checking only that
// its sources did not change). The goal is 100 ms; see ms/rebuild.
//
//	go test -run '^$' -bench Rebuild -benchtime 20x ./internal/serve/
//
// It works on a copy of the real content (plus stand-ins for articles the
// content links to but does not have yet) and templates, and compiles
// the real module once, before the timer starts.
func BenchmarkRebuild(b *testing.B) {
	tmp := b.TempDir()
	real, err := corpus.ReadReal("../../content", "../../templates")
	if err != nil {
		b.Fatal(err)
	}
	contentDir, templatesDir := filepath.Join(tmp, "content"), filepath.Join(tmp, "templates")
	if err := corpus.WriteLiftwell(contentDir, real, corpus.Generate(len(real.Missing), real)); err != nil {
		b.Fatal(err)
	}
	testfix.CopyTree(b, "../../templates", templatesDir)
	s, err := New(site.Config{
		Content:     contentDir,
		Templates:   templatesDir,
		Base:        "/",
		Origin:      "http://localhost:8080",
		ModuleDir:   "../..",
		Checker:     new(checker.Page()),
		RulesSource: checker.RulesSource,
	}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := s.Rebuild(); err != nil {
		b.Fatal(err)
	}
	b.Logf("first build, with the module compile: %v", time.Since(start).Round(time.Millisecond))

	if len(real.Articles) == 0 {
		b.Skip("no real articles")
	}
	article := filepath.Join(contentDir, "articles", real.Articles[0].Slug+".md")
	template := filepath.Join(templatesDir, "article.html")
	for _, c := range []struct {
		name string
		file string // edited before each rebuild; "" for none
	}{
		{"unchanged", ""},
		{"article-edit", article},
		{"template-edit", template},
	} {
		b.Run(c.name, func(b *testing.B) {
			var orig []byte
			if c.file != "" {
				if orig, err = os.ReadFile(c.file); err != nil {
					b.Fatal(err)
				}
				defer os.WriteFile(c.file, orig, 0o644)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if c.file != "" {
					b.StopTimer()
					edit := fmt.Sprintf("\nEdit %d.\n", i)
					if c.file == template {
						edit = fmt.Sprintf("{{/* edit %d */}}\n", i)
					}
					if err := os.WriteFile(c.file, append(bytes.Clone(orig), edit...), 0o644); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if err := s.Rebuild(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed())/float64(time.Millisecond)/float64(b.N), "ms/rebuild")
		})
	}
}
