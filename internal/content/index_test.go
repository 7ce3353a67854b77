package content

import (
	"sync"
	"testing"
)

// TestIndexConcurrent looks pages up from many goroutines at once, the
// first lookups included, as parallel rendering does: each finds its
// page, and go test -race finds no race in building the index.
func TestIndexConcurrent(t *testing.T) {
	for range 20 {
		s := &Site{
			Articles:  []*Article{{Slug: "a"}, {Slug: "b"}},
			Exercises: []*Exercise{{Slug: "bridge"}},
		}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if i%2 == 0 {
					if a := s.Article("b"); a == nil || a.Slug != "b" {
						t.Errorf("Article(b) = %v", a)
					}
				} else if e := s.Exercise("bridge"); e == nil || e.Slug != "bridge" {
					t.Errorf("Exercise(bridge) = %v", e)
				}
			})
		}
		wg.Wait()
	}
}
