//go:build !amd64 || purego

package conv

// useAVX2 is a variable, as on amd64, so that tests may switch the assembly off on any build.
var useAVX2 = false

func stridedDotAcc32(acc, a, b *float32, n, cnt, aStep, bStep int) { panic("unreachable") }

func depthwiseDot32(acc, in, ker *float32, xo, wo *int, taps, n int) { panic("unreachable") }

func dwRow3(out, x, w *float32, n, c, tapStep int)         { panic("unreachable") }
func dwRow5(out, x, w *float32, n, c, tapStep int)         { panic("unreachable") }
func dw3x3(out, x0, x1, x2, w *float32, n, c, tapStep int) { panic("unreachable") }

// useAVX512 is false: the 1×1 kernel-gradient tiles are amd64 assembly.
var useAVX512 = false

func pwGrad12x32(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int) {
	panic("unreachable")
}
func pwGrad12x16(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int) {
	panic("unreachable")
}
func pwGradT4(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int, idx *int32) {
	panic("unreachable")
}
func pwGradT8(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int, idx *int32) {
	panic("unreachable")
}

func pwMul12x32(groups int, a *float32, lda int, b *float32, ldb, k int, c *float32, ldc int) {
	panic("unreachable")
}
func pwMul12x16(groups int, a *float32, lda int, b *float32, ldb, k int, c *float32, ldc int) {
	panic("unreachable")
}
