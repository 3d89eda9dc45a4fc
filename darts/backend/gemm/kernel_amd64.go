//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

// hasAVX2FMA is read once: the kernel needs AVX2 broadcasts, FMA3, and OS support for YMM state
// (which x/sys/cpu folds into HasAVX2).
var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// avx2MR×avx2NR is the assembly tile: 12 YMM accumulators (6 rows × two 8-float vectors), two
// registers for the B row and two for A broadcasts, 16 in all. kc=256 keeps a 6×256 A sliver
// (6 KiB) in L1 next to the streamed B panel, and nc=512 keeps a 256×512 block of packed B
// (512 KiB) in L2.
const avx2MR, avx2NR = 6, 16

var sgemmAVX2Cfg = config[float32]{mr: avx2MR, nr: avx2NR, kc: 256, nc: 512, kernel: avx2Kernel}

// hasAVX512 needs only AVX-512F (EVEX FMA with embedded broadcast) and OS support for ZMM state,
// which x/sys/cpu folds into HasAVX512F.
var hasAVX512 = cpu.X86.HasAVX512F

// avx512MR×avx512NR is the AVX-512 tile: 12 ZMM accumulators of one 16-float row each. Keeping
// nr=16 (rather than 32) keeps the AVX2 kernel's B panels, and suits the n=16 im2col shapes.
// On this project's Zen 5 machines it runs about 1.5-2× the AVX2 kernel; kc=256 keeps the
// 12×256 A sliver (12 KiB) in L1.
const avx512MR, avx512NR = 12, 16

var sgemmAVX512Cfg = config[float32]{mr: avx512MR, nr: avx512NR, kc: 256, nc: 512, kernel: avx512Kernel,
	rowKernels: avx512RowKernels}

// forceAVX2 makes Sgemm skip the AVX-512 kernel, so tests cover the AVX2 one on any machine.
var forceAVX2 bool

// sgemmConfig picks the float32 kernel for this CPU.
func sgemmConfig() *config[float32] {
	switch {
	case forcePureGo:
		return &sgemmGoCfg
	case hasAVX512 && !forceAVX2:
		return &sgemmAVX512Cfg
	case hasAVX2FMA:
		return &sgemmAVX2Cfg
	}
	return &sgemmGoCfg
}

// sgemmKernel6x16AVX2 is kernelFunc in assembly with byte strides and raw pointers; see
// kernel_amd64.s. load is 0 or 1.
//
//go:noescape
func sgemmKernel6x16AVX2(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32, ldc int,
	alpha, beta float32, load int)

// avx2Kernel adapts the assembly kernel to kernelFunc. The driver has already checked bounds.
func avx2Kernel(k int, a []float32, rsA, csA int, b []float32, rsB int, c []float32, ldc int, alpha, beta float32, load bool) {
	l := 0
	if load {
		l = 1
	}
	sgemmKernel6x16AVX2(k, &a[0], rsA*4, csA*4, &b[0], rsB*4, &c[0], ldc*4, alpha, beta, l)
}

// sgemmKernel12x16AVX512 is kernelFunc in assembly; see kernel_avx512_amd64.s.
//
//go:noescape
func sgemmKernel12x16AVX512(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32, ldc int,
	alpha, beta float32, load int)

// avx512Kernel adapts the AVX-512 kernel to kernelFunc.
func avx512Kernel(k int, a []float32, rsA, csA int, b []float32, rsB int, c []float32, ldc int, alpha, beta float32, load bool) {
	l := 0
	if load {
		l = 1
	}
	sgemmKernel12x16AVX512(k, &a[0], rsA*4, csA*4, &b[0], rsB*4, &c[0], ldc*4, alpha, beta, l)
}
