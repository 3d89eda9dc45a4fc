package gemm

import "sync"

// bufPool recycles packing buffers: a 1024³ product packs 4 MiB of B, and allocating (and
// zeroing) that on every call would cost about as much as the packing itself.
type bufPool[T float32 | float64] struct{ p sync.Pool }

// get returns a slice of length n; its contents are arbitrary.
func (bp *bufPool[T]) get(n int) *[]T {
	if v, ok := bp.p.Get().(*[]T); ok {
		if cap(*v) >= n {
			*v = (*v)[:n]
			return v
		}
	}
	s := make([]T, n)
	return &s
}

func (bp *bufPool[T]) put(s *[]T) { bp.p.Put(s) }
