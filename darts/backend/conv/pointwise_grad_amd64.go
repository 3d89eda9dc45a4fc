//go:build !purego

package conv

import "golang.org/x/sys/cpu"

// useAVX512 gates the 1×1 kernel-gradient tiles (pwGrad*): AVX-512F, and DQ for the 8-float
// broadcast of pwGradT8. A variable so that tests can switch the assembly off.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// The tile kernels add Σ_{p<n} a[p·lda + r]·b[p·ldb + j] (byte strides lda, ldb; n ≥ 0) to a
// tile of accumulators kept in acc, for the rows r and columns j of the tile (see pwKind for
// each one's shape and how acc is laid out). idx is the lane spread of the tails (pwSpread4,
// pwSpread8). Each pixel step prefetches the bytes it read pfa and pfb further on (a prefetch
// past the end of memory is ignored). Measured per CPU second with the prefetch against
// without, 144×36×98304 (a preprocessing 1×1 convolution at 32×32) 86-88 → 171-178 GFLOP/s,
// 288×72×24576 102-164 → 172-203, 72×72×24576 148-168 → 171-187, 36×36×98304 unchanged.

//go:noescape
func pwGrad12x32(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int)

//go:noescape
func pwGrad12x16(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int)

//go:noescape
func pwGradT4(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int, idx *int32)

//go:noescape
func pwGradT8(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int, idx *int32)

// pwMul12x32 and pwMul12x16 set groups × 12 consecutive rows of c (byte stride ldc), 32 or 16
// columns, to a·b over k: row r of a group is Σ_{q<k} a[r·lda + q]·b[q·ldb + j], a chain of
// FMAs in q order from zero, as in gemm's kernel (so the same values, bit for bit, as gemm with
// k in one block and alpha 1). Strides are in bytes; groups ≥ 1.

//go:noescape
func pwMul12x32(groups int, a *float32, lda int, b *float32, ldb, k int, c *float32, ldc int)

//go:noescape
func pwMul12x16(groups int, a *float32, lda int, b *float32, ldb, k int, c *float32, ldc int)
