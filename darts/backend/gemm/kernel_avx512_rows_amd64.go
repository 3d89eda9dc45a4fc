//go:build !purego

package gemm

// avx512RowKernels serve a ragged last row panel of the AVX-512 configuration: m mod 12 rows
// run on the 4×16 or 8×16 kernel instead of 12 rows of FMAs of which most multiply zero padding
// (see config.kernelFor).
var avx512RowKernels = []rowKernel[float32]{{4, avx512Kernel4}, {8, avx512Kernel8}}

// sgemmKernel8x16AVX512 and sgemmKernel4x16AVX512 are kernelFunc in assembly for 8 and 4 rows,
// with sgemmKernel12x16AVX512's arguments; see kernel_avx512_rows_amd64.s.
//
//go:noescape
func sgemmKernel8x16AVX512(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32, ldc int,
	alpha, beta float32, load int)

//go:noescape
func sgemmKernel4x16AVX512(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32, ldc int,
	alpha, beta float32, load int)

// avx512Kernel8 adapts the 8-row kernel to kernelFunc.
func avx512Kernel8(k int, a []float32, rsA, csA int, b []float32, rsB int, c []float32, ldc int, alpha, beta float32, load bool) {
	l := 0
	if load {
		l = 1
	}
	sgemmKernel8x16AVX512(k, &a[0], rsA*4, csA*4, &b[0], rsB*4, &c[0], ldc*4, alpha, beta, l)
}

// avx512Kernel4 adapts the 4-row kernel to kernelFunc.
func avx512Kernel4(k int, a []float32, rsA, csA int, b []float32, rsB int, c []float32, ldc int, alpha, beta float32, load bool) {
	l := 0
	if load {
		l = 1
	}
	sgemmKernel4x16AVX512(k, &a[0], rsA*4, csA*4, &b[0], rsB*4, &c[0], ldc*4, alpha, beta, l)
}
