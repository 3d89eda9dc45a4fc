//go:build !amd64 || purego

package vec

func mulgt32(dst, a, b, c *float32, n int) { panic("unreachable") }
