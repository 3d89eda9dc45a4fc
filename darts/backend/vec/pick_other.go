//go:build !amd64 || purego

package vec

func pickGE32(pick, tag, v *float32, n int, t float32) { panic("unreachable") }
func pickLE32(pick, tag, v *float32, n int, t float32) { panic("unreachable") }
