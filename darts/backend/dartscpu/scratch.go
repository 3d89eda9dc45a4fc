package dartscpu

import "sync"

// Scratch buffers for layout changes around native kernels: pooled, since the same sizes recur
// at every training step.
var (
	scratch32 sync.Pool
	scratch64 sync.Pool
)

func getScratch[T float32 | float64](n int) []T {
	pool := poolFor[T]()
	if p, ok := pool.Get().(*[]T); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]T, n)
}

func putScratch[T float32 | float64](s []T) {
	pool := poolFor[T]()
	pool.Put(&s)
}

func poolFor[T float32 | float64]() *sync.Pool {
	var zero T
	if _, ok := any(zero).(float32); ok {
		return &scratch32
	}
	return &scratch64
}
