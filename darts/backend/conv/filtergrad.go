package conv

// convDepthwiseFilterGrad handles batch-grouped convolutions with one output channel per group,
// the form of a depthwise kernel's gradient:
//
//	out[b, q, g] = Σ_{taps j of q} Σ_ci in[g*nOut + b, pos(q, j), ci] · kernel[j, ci, g]
//
// (input is x as [C, S..., N], kernel is dy as [O..., N, C], so ci runs over the original batch).
// The general path would gather K*CinK-long patch rows, e.g. 32·32·16 values per output, only to
// multiply them by a single kernel column. Here each group's kernel column is transposed once
// into a contiguous [J, CinK] buffer and every output is a sum of dot products between
// contiguous input and kernel vectors, with no patch copies. Groups are spread over goroutines.
func convDepthwiseFilterGrad[T float](g *geometry, input, kernel, output []T) {
	if g.oLast == 0 {
		return
	}
	cin, cout := g.cin, g.cout // cinK == cin under batch grouping
	// The valid taps of every output row, shared read-only by all workers.
	rows := g.allRows(cin, cin)
	flops := 2 * float64(len(output)) * float64(g.kerPositions) * float64(cin)
	runTasks(g.groups, flops, func(next func() int) {
		ktp := getScratch[T](g.kerPositions * cin)
		defer putScratch(ktp)
		kT := *ktp
		for grp := next(); grp >= 0; grp = next() {
			// kT[j*cin + ci] = kernel[j, ci, grp]: make the per-tap kernel vector contiguous.
			for i := range kT {
				kT[i] = kernel[i*cout+grp]
			}
			for b := 0; b < g.nOut; b++ {
				in := input[(grp*g.nOut+b)*g.inImage : (grp*g.nOut+b+1)*g.inImage]
				for outer, rt := range rows {
					for ol := 0; ol < g.oLast; ol++ {
						q := outer*g.oLast + ol
						xo, wo := rt.x[rt.start[ol]:rt.start[ol+1]], rt.w[rt.start[ol]:rt.start[ol+1]]
						output[(b*g.outImage+q)*cout+grp] = tapDot(in, kT, xo, wo, cin)
					}
				}
			}
		}
	})
}

// tapDot returns Σ_i Σ_{c<n} in[xo[i]+c] · ker[wo[i]+c]. Eight partial sums break the
// floating-point add dependency chain so the multiplies can overlap.
func tapDot[T float](in, ker []T, xo, wo []int, n int) T {
	wo = wo[:len(xo)]
	var a0, a1, a2, a3, a4, a5, a6, a7 T
	for i, xi := range xo {
		x := in[xi : xi+n : xi+n]
		w := ker[wo[i] : wo[i]+n : wo[i]+n]
		c := 0
		for ; c+8 <= n; c += 8 {
			xx, ww := x[c:c+8:c+8], w[c:c+8:c+8]
			a0 += xx[0] * ww[0]
			a1 += xx[1] * ww[1]
			a2 += xx[2] * ww[2]
			a3 += xx[3] * ww[3]
			a4 += xx[4] * ww[4]
			a5 += xx[5] * ww[5]
			a6 += xx[6] * ww[6]
			a7 += xx[7] * ww[7]
		}
		for ; c < n; c++ {
			a0 += x[c] * w[c]
		}
	}
	return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
}
