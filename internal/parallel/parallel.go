// Package parallel runs the iterations of a loop on every CPU: loading
// content, rendering pages, scanning them for links and writing them; and
// keeps a loop's slice of results from one build to the next (Reuse).
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) to f(n-1), each once, on as many goroutines as there are
// CPUs (GOMAXPROCS), and returns when all calls have. The iterations are
// handed out one at a time, so that slow ones do not hold up the rest;
// f must be safe to call concurrently, and results are best kept in a
// slice indexed by i, which keeps their order.
func For(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// Reuse returns *s with n zero elements, in its array when it is large
// enough: the results of a loop run at every build (one for each page or
// file, indexed by i as For suggests), kept for the next build.
func Reuse[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}
