//go:build !purego

package vec

//go:noescape
func pickGE32(pick, tag, v *float32, n int, t float32)

//go:noescape
func pickLE32(pick, tag, v *float32, n int, t float32)
