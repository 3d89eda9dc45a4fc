//go:build !purego

package vec

//go:noescape
func mulgt32(dst, a, b, c *float32, n int)
