//go:build !amd64 || purego

package conv

// useAVX2 is a variable, as on amd64, so that tests may switch the assembly off on any build.
var useAVX2 = false

func stridedDotAcc32(acc, a, b *float32, n, cnt, aStep, bStep int) { panic("unreachable") }

func depthwiseDot32(acc, in, ker *float32, xo, wo *int, taps, n int) { panic("unreachable") }

func dwRow3(out, x, w *float32, n, c, tapStep int)         { panic("unreachable") }
func dwRow5(out, x, w *float32, n, c, tapStep int)         { panic("unreachable") }
func dw3x3(out, x0, x1, x2, w *float32, n, c, tapStep int) { panic("unreachable") }
