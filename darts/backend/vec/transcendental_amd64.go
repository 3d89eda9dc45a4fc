//go:build !purego

package vec

//go:noescape
func exp32(dst, src *float32, n int)

//go:noescape
func logistic32(dst, src *float32, n int)

//go:noescape
func tanh32(dst, src *float32, n int)
