package gemm

import (
	"runtime"
	"sync/atomic"
)

// threads holds the SetThreads value; 0 means "use runtime.GOMAXPROCS(0)", read at call time so
// that a later GOMAXPROCS change is honoured.
var threads atomic.Int64

// minFlopsPerThread is the amount of work below which starting another goroutine costs more
// than it saves: a goroutine start plus WaitGroup handshake is a few microseconds, i.e. tens of
// thousands of flops at the kernel's speed. A variable only so tests can force small products
// through the parallel split.
var minFlopsPerThread float64 = 1 << 16

// SetThreads sets the maximum number of goroutines one Sgemm/Dgemm call may use.
// n <= 0 restores the default, runtime.GOMAXPROCS(0).
func SetThreads(n int) {
	if n < 0 {
		n = 0
	}
	threads.Store(int64(n))
}

// Threads returns the maximum number of goroutines one call may use.
func Threads() int {
	if n := int(threads.Load()); n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// workers decides how many goroutines a product of the given size deserves.
func workers(m, n, k int) int {
	t := Threads()
	flops := 2 * float64(m) * float64(n) * float64(k)
	if byWork := int(flops / minFlopsPerThread); byWork < t {
		t = byWork
	}
	return max(t, 1)
}
