//go:build !amd64 || purego

package vec

func relusum32(dst, a, b *float32, n int) { panic("unreachable") }
