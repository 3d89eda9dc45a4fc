//go:build !purego

package conv

import "golang.org/x/sys/cpu"

// useAVX2: the assembly (stridedDotAcc32, depthwiseDot32) needs AVX2 and FMA3.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// stridedDotAcc32 does acc[i] += Σ_{t<cnt} a[t·aStep + i] · b[t·bStep + i] for i < n (steps in
// elements, cnt >= 1). The sums over t stay in registers: blocks of 32 channels keep four
// independent accumulators, the 8- and 4-channel remainders split t four ways instead.
//
//go:noescape
func stridedDotAcc32(acc, a, b *float32, n, cnt, aStep, bStep int)
