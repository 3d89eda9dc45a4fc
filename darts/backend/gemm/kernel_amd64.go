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

// sgemmConfig picks the float32 kernel for this CPU.
func sgemmConfig() *config[float32] {
	if hasAVX2FMA && !forcePureGo {
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
