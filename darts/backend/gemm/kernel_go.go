package gemm

// forcePureGo makes Sgemm use the pure-Go kernel even where the assembly one is available, so
// tests can exercise the fallback on any machine. It is only flipped by tests.
var forcePureGo bool

// goMR and goNR are the pure-Go kernel's tile. Go compiles float arithmetic to scalar SSE and has
// 16 XMM registers, so the kernel works in 2×4 sub-tiles (8 accumulators, 2 A and 4 B values
// live) that do not spill; 4×8 then gives each packed B panel enough reuse.
const goMR, goNR = 4, 8

var sgemmGoCfg = config[float32]{mr: goMR, nr: goNR, kc: 256, nc: 512, kernel: goKernel[float32]}

// dgemmCfg is the only float64 configuration: Dgemm serves gradient checks, where exactness and
// simplicity matter more than the last factor of speed.
var dgemmCfg = config[float64]{mr: goMR, nr: goNR, kc: 256, nc: 256, kernel: goKernel[float64]}

// goKernel is the portable kernelFunc for a goMR×goNR tile.
func goKernel[T float32 | float64](k int, a []T, rsA, csA int, b []T, rsB int, c []T, ldc int, alpha, beta T, load bool) {
	for r := 0; r < goMR; r += 2 {
		for j := 0; j < goNR; j += 4 {
			var c00, c01, c02, c03, c10, c11, c12, c13 T
			i0, i1 := r*rsA, (r+1)*rsA
			for q := 0; q < k; q++ {
				bq := b[q*rsB+j : q*rsB+j+4 : q*rsB+j+4]
				a0, a1 := a[i0], a[i1]
				b0, b1, b2, b3 := bq[0], bq[1], bq[2], bq[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				i0 += csA
				i1 += csA
			}
			store4(c[r*ldc+j:], alpha, beta, load, c00, c01, c02, c03)
			store4(c[(r+1)*ldc+j:], alpha, beta, load, c10, c11, c12, c13)
		}
	}
}

// store4 writes alpha·v (+ beta·C when load) into the first four elements of dst.
func store4[T float32 | float64](dst []T, alpha, beta T, load bool, v0, v1, v2, v3 T) {
	d := dst[:4:4]
	if load {
		d[0] = alpha*v0 + beta*d[0]
		d[1] = alpha*v1 + beta*d[1]
		d[2] = alpha*v2 + beta*d[2]
		d[3] = alpha*v3 + beta*d[3]
		return
	}
	d[0], d[1], d[2], d[3] = alpha*v0, alpha*v1, alpha*v2, alpha*v3
}
