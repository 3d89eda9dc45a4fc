package dartscpu

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/dartsml/godarts/darts/backend/gemm"
)

// Peak is what these cores achieve at best, measured rather than taken from a data sheet: the
// profile compares each kind of step with it.
type Peak struct {
	GFLOPS float64 // float32 GEMM (our gemm.Sgemm, all threads) on large square matrices
	GBPerS float64 // a copy much larger than the caches, split between GOMAXPROCS goroutines, bytes read + written
	// CacheGBPerS is the same copy of 256 KiB per goroutine, repeated: what data in the (L2) cache
	// allows. Steps on small tensors exceed GBPerS because their data never leaves the caches.
	CacheGBPerS float64
}

func (p Peak) String() string {
	return fmt.Sprintf("sgemm %.1f GFLOP/s, copy %.1f GB/s from memory and %.1f GB/s within the cache (read + write), GOMAXPROCS=%d",
		p.GFLOPS, p.GBPerS, p.CacheGBPerS, runtime.GOMAXPROCS(0))
}

// MeasurePeak times a float32 GEMM of n×n matrices and a copy of copyMB MiB (each the best of a
// few runs after a warm-up), e.g. MeasurePeak(1024, 512): a few seconds on 2 cores. The copy's
// source and destination must be larger than the last-level cache to measure memory.
func MeasurePeak(n, copyMB int) Peak {
	a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	for i := range a {
		a[i], b[i] = float32(i%7)*0.25, float32(i%5)*0.5
	}
	best := func(runs int, f func()) time.Duration {
		f()
		var fastest time.Duration
		for range runs {
			start := time.Now()
			f()
			if d := time.Since(start); fastest == 0 || d < fastest {
				fastest = d
			}
		}
		return fastest
	}
	d := best(3, func() { gemm.Sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) })
	gflops := 2 * float64(n) * float64(n) * float64(n) / d.Seconds() / 1e9

	src, dst := make([]byte, copyMB<<20), make([]byte, copyMB<<20)
	for i := range src {
		src[i] = byte(i)
	}
	workers := runtime.GOMAXPROCS(0)
	parallelCopy := func(size, repeats int) float64 {
		d := best(3, func() {
			var wg sync.WaitGroup
			chunk := (size + workers - 1) / workers
			for w := range workers {
				lo, hi := w*chunk, min((w+1)*chunk, size)
				wg.Go(func() {
					for range repeats {
						copy(dst[lo:hi], src[lo:hi])
					}
				})
			}
			wg.Wait()
		})
		return 2 * float64(size) * float64(repeats) / d.Seconds() / 1e9
	}
	return Peak{GFLOPS: gflops, GBPerS: parallelCopy(len(src), 1), CacheGBPerS: parallelCopy(workers<<18, 256)}
}
