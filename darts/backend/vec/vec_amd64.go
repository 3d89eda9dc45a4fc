//go:build !purego

package vec

import "golang.org/x/sys/cpu"

// useAsm: the assembly needs AVX2 and FMA3 (x/sys/cpu also checks the OS saves YMM state).
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func add32(dst, a, b *float32, n int)

//go:noescape
func sub32(dst, a, b *float32, n int)

//go:noescape
func mul32(dst, a, b *float32, n int)

//go:noescape
func div32(dst, a, b *float32, n int)

//go:noescape
func fmadd32(dst, a, b *float32, n int)

//go:noescape
func gt32(dst, a, b *float32, n int)

//go:noescape
func ge32(dst, a, b *float32, n int)

//go:noescape
func lt32(dst, a, b *float32, n int)

//go:noescape
func le32(dst, a, b *float32, n int)

//go:noescape
func eq32(dst, a, b *float32, n int)

//go:noescape
func ne32(dst, a, b *float32, n int)

//go:noescape
func max32(dst, a, b *float32, n int)

//go:noescape
func min32(dst, a, b *float32, n int)

//go:noescape
func where32(dst, c, a, b *float32, n int)

func cpuHasAVX2FMA() bool { return cpu.X86.HasAVX2 && cpu.X86.HasFMA }
