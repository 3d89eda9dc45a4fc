package conv

import "sync"

// Scratch buffers (im2col patches, transposed kernels) are pooled per element type so that
// repeated convolutions in a training loop do not allocate.
var (
	pool32 sync.Pool // *[]float32
	pool64 sync.Pool // *[]float64
)

// getScratch returns a buffer of length n (contents undefined). Return it with putScratch.
func getScratch[T float](n int) *[]T {
	var p *sync.Pool
	var zero T
	switch any(zero).(type) {
	case float32:
		p = &pool32
	default:
		p = &pool64
	}
	if v, ok := p.Get().(*[]T); ok && cap(*v) >= n {
		*v = (*v)[:n]
		return v
	}
	buf := make([]T, n)
	return &buf
}

func putScratch[T float](buf *[]T) {
	var zero T
	switch any(zero).(type) {
	case float32:
		pool32.Put(buf)
	default:
		pool64.Put(buf)
	}
}
