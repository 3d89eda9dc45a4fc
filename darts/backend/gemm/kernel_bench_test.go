//go:build !purego && amd64

package gemm

import (
	"fmt"
	"testing"
)

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

// BenchmarkKernelAVX512Rows measures the 8- and 4-row kernels the same way. Their accumulators
// are FMA chains as the 12-row kernel's, so the 4-row one is bound by FMA latency (4 chains for
// 2 ports × 4 cycles), yet it does a third of the 12-row kernel's work per k step.
func BenchmarkKernelAVX512Rows(b *testing.B) {
	if !hasAVX512 {
		b.Skip("no AVX-512")
	}
	for _, rk := range avx512RowKernels {
		b.Run(fmt.Sprintf("%dx16", rk.kr), func(b *testing.B) {
			const k = 256
			a := make([]float32, rk.kr*k)
			bp := make([]float32, avx512NR*k)
			c := make([]float32, rk.kr*avx512NR)
			for b.Loop() {
				rk.kernel(k, a, 1, rk.kr, bp, avx512NR, c, avx512NR, 1, 0, false)
			}
			b.ReportMetric(2*float64(rk.kr*avx512NR*k*b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
