//go:build !amd64 || purego

package vec

const useAsm = false

func add32(dst, a, b *float32, n int)   { panic("unreachable") }
func sub32(dst, a, b *float32, n int)   { panic("unreachable") }
func mul32(dst, a, b *float32, n int)   { panic("unreachable") }
func div32(dst, a, b *float32, n int)   { panic("unreachable") }
func fmadd32(dst, a, b *float32, n int) { panic("unreachable") }
