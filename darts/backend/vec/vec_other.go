//go:build !amd64 || purego

package vec

const useAsm = false

func add32(dst, a, b *float32, n int)      { panic("unreachable") }
func sub32(dst, a, b *float32, n int)      { panic("unreachable") }
func mul32(dst, a, b *float32, n int)      { panic("unreachable") }
func div32(dst, a, b *float32, n int)      { panic("unreachable") }
func fmadd32(dst, a, b *float32, n int)    { panic("unreachable") }
func gt32(dst, a, b *float32, n int)       { panic("unreachable") }
func ge32(dst, a, b *float32, n int)       { panic("unreachable") }
func lt32(dst, a, b *float32, n int)       { panic("unreachable") }
func le32(dst, a, b *float32, n int)       { panic("unreachable") }
func eq32(dst, a, b *float32, n int)       { panic("unreachable") }
func ne32(dst, a, b *float32, n int)       { panic("unreachable") }
func max32(dst, a, b *float32, n int)      { panic("unreachable") }
func min32(dst, a, b *float32, n int)      { panic("unreachable") }
func where32(dst, c, a, b *float32, n int) { panic("unreachable") }
