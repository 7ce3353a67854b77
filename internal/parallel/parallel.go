// Package parallel runs the iterations of a loop on every CPU: loading
// content, rendering pages, scanning them for links and writing them.
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
