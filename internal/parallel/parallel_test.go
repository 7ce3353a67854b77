package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestFor checks that every iteration runs exactly once, for counts below,
// at and above the number of CPUs, and that they run concurrently.
func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, runtime.GOMAXPROCS(0), 1000} {
		calls := make([]atomic.Int32, n)
		For(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
	}
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one CPU: nothing runs concurrently")
	}
	// Two iterations that each wait for the other can only both finish
	// if they run at the same time.
	var started atomic.Int32
	done := make(chan struct{})
	go func() {
		For(2, func(int) {
			started.Add(1)
			for started.Load() < 2 {
				runtime.Gosched()
			}
		})
		close(done)
	}()
	// If For ran them one after the other, the first would spin for
	// ever: fail rather than hang the test binary.
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("For(2, f) did not run its two iterations at the same time")
	}
}

// TestReuse: the slice has n zero elements, in the same array while it
// is large enough, and in a new one when it is not.
func TestReuse(t *testing.T) {
	var s []int
	a := Reuse(&s, 3)
	a[0], a[2] = 7, 9
	b := Reuse(&s, 2)
	if len(b) != 2 || b[0] != 0 || b[1] != 0 || &b[0] != &a[0] {
		t.Errorf("Reuse(2) after 3 = %v, want [0 0] in the same array", b)
	}
	c := Reuse(&s, 10)
	if len(c) != 10 || &c[0] == &a[0] || c[2] != 0 {
		t.Errorf("Reuse(10) = %v, want 10 zeros in a new array", c)
	}
}
