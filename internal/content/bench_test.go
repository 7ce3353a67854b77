package content

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/liftwell/liftwell/internal/corpus"
)

// BenchmarkLoad loads the real content plus 4,000 synthetic articles.
//
//	go test -run '^$' -bench Load -benchtime 5x ./internal/content
func BenchmarkLoad(b *testing.B) {
	real, err := corpus.ReadReal("../../content", "../../templates")
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.WriteLiftwell(dir, real, corpus.Generate(max(4000, len(real.Missing)), real)); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	for b.Loop() {
		if _, err := Load(fsys, dir); err != nil {
			b.Fatal(err)
		}
	}
}
