//go:build !amd64 || purego

package vec

func exp32(dst, src *float32, n int)      { panic("unreachable") }
func logistic32(dst, src *float32, n int) { panic("unreachable") }
func tanh32(dst, src *float32, n int)     { panic("unreachable") }
