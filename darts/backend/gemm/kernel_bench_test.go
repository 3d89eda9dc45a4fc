//go:build !purego && amd64

package gemm

import "testing"

// BenchmarkKernelAVX2 measures the micro-kernel alone with everything in L1: the ceiling the
// driver can approach.
func BenchmarkKernelAVX2(b *testing.B) {
	if !hasAVX2FMA {
		b.Skip("no AVX2/FMA")
	}
	const k = 256
	a := make([]float32, avx2MR*k)
	bp := make([]float32, avx2NR*k)
	c := make([]float32, avx2MR*avx2NR)
	for b.Loop() {
		sgemmKernel6x16AVX2(k, &a[0], 4, avx2MR*4, &bp[0], avx2NR*4, &c[0], avx2NR*4, 1, 0, 0)
	}
	b.ReportMetric(2*avx2MR*avx2NR*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkKernelAVX512(b *testing.B) {
	if !hasAVX512 {
		b.Skip("no AVX-512")
	}
	const k = 256
	a := make([]float32, avx512MR*k)
	bp := make([]float32, avx512NR*k)
	c := make([]float32, avx512MR*avx512NR)
	for b.Loop() {
		sgemmKernel12x16AVX512(k, &a[0], 4, avx512MR*4, &bp[0], avx512NR*4, &c[0], avx512NR*4, 1, 0, 0)
	}
	b.ReportMetric(2*avx512MR*avx512NR*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
