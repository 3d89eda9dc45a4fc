//go:build !purego

package vec

//go:noescape
func relusum32(dst, a, b *float32, n int)
