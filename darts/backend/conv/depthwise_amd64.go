//go:build !purego

package conv

// depthwiseDot32 sets acc[c] = Σ_{i<taps} in[xo[i]+c] · ker[wo[i]+c] for c < n: depthwiseDot
// in assembly (AVX2 and FMA, as stridedDotAcc32). Blocks of 32 channels keep four
// accumulators over the taps; the 8- and 4-channel remainders split the taps four ways instead,
// so no block waits on a single chain of dependent FMAs.
//
//go:noescape
func depthwiseDot32(acc, in, ker *float32, xo, wo *int, taps, n int)
