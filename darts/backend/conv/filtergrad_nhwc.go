package conv

// DepthwiseFilterGradNHWCSupported reports whether [DepthwiseFilterGradNHWC] computes p: a 2-D
// depthwise filter gradient (p.Path() == "depthwise-filter-grad") with a single output batch
// (BatchGroups == Batch: one group per channel of the forward pass) and no input dilation.
func DepthwiseFilterGradNHWCSupported(p *Params) bool {
	if p.Validate() != nil || len(p.InSpatial) != 2 || p.BatchGroups != p.Batch || p.OutChannels != p.Batch {
		return false
	}
	g := cachedGeometry(p)
	return g.isDepthwiseFilterGrad() && g.ldil[0] == 1 && g.ldil[1] == 1
}

// DepthwiseFilterGradNHWC computes the same result as [Conv] for a p that
// [DepthwiseFilterGradNHWCSupported] accepts, with both operands in the layout of the forward
// pass instead of the canonical one: x is the forward input [N, H, W, C] and v the gradient of
// the forward output [N, J1, J2, C], where the canonical operands would be x as [C, H, W, N]
// and v as [J1, J2, N, C] (N = p.InChannels, C = p.Batch). out is [1, Q1, Q2, C]:
//
//	out[q1, q2, c] = Σ_{n, j1, j2} x[n, q1·s1 + j1·e1 − p1, q2·s2 + j2·e2 − p2, c] · v[n, j1, j2, c]
//
// with strides s, kernel dilations e and low paddings p of p (positions outside x are zero).
//
// Keeping channels innermost in both operands is what makes this fast: for fixed (n, j1, q1, q2)
// the taps j2 walk contiguous channel vectors of v and equally spaced ones of x, so each
// output channel vector accumulates a strided sum of products with no transposes and no
// per-element index arithmetic, where the canonical layout would need both operands transposed
// and leave one dot product per output element over the short batch axis.
//
// The batch is cut into a fixed number of chunks, each summed into its own partial buffer on
// whichever goroutine takes it, and the partials are added in chunk order, so the result does
// not depend on the number of goroutines.
func DepthwiseFilterGradNHWC[T float](p *Params, x, v, out []T) {
	if !DepthwiseFilterGradNHWCSupported(p) {
		panic("conv: DepthwiseFilterGradNHWC called with unsupported params " + p.fingerprint())
	}
	checkLen("input", len(x), p.InputSize())
	checkLen("kernel", len(v), p.KernelSize())
	checkLen("output", len(out), p.OutputSize())
	g := cachedGeometry(p)
	c, n := g.n, g.cin
	q1n, q2n := g.outSpatial[0], g.outSpatial[1]
	outLen := q1n * q2n * c
	out = out[:outLen]
	if outLen == 0 {
		return
	}
	taps := float64(len(g.taps[0].k)) * float64(len(g.taps[1].k))
	flops := 2 * float64(n) * float64(c) * taps
	chunks := min(n, filterGradChunks)
	if chunks <= 1 || flops < minParallelFlops {
		clear(out)
		for b := 0; b < n; b++ {
			dwGradImage(g, x, v, out, b)
		}
		return
	}
	partp := getScratch[T](chunks * outLen)
	defer putScratch(partp)
	part := *partp
	clear(part)
	runTasks(chunks, flops, func(next func() int) {
		for t := next(); t >= 0; t = next() {
			acc := part[t*outLen : (t+1)*outLen]
			for b := t * n / chunks; b < (t+1)*n/chunks; b++ {
				dwGradImage(g, x, v, acc, b)
			}
		}
	})
	copy(out, part[:outLen])
	for t := 1; t < chunks; t++ {
		addTo(out, part[t*outLen:(t+1)*outLen])
	}
}

// filterGradChunks is the number of batch chunks (partial sums) of DepthwiseFilterGradNHWC:
// enough for the dynamic task queue to balance two to four cores, few enough that adding up the
// partials (a few KiB each) costs nothing.
const filterGradChunks = 8

// dwGradImage adds batch item b's contribution to acc [Q1, Q2, C].
func dwGradImage[T float](g *geometry, x, v, acc []T, b int) {
	c := g.n
	h, w := g.inSpatial[0], g.inSpatial[1]
	j1n, j2n := g.kerSpatial[0], g.kerSpatial[1]
	q2n := g.outSpatial[1]
	xStep := g.kdil[1] * c // x elements between consecutive taps j2
	t0, t1 := &g.taps[0], &g.taps[1]
	for q1 := 0; q1 < g.outSpatial[0]; q1++ {
		for t := t0.start[q1]; t < t0.start[q1+1]; t++ {
			j1, iy := t0.k[t], t0.in[t]
			vRow := v[(b*j1n+j1)*j2n*c : (b*j1n+j1+1)*j2n*c]
			xRow := x[(b*h+iy)*w*c : (b*h+iy+1)*w*c]
			for q2 := 0; q2 < q2n; q2++ {
				lo, hi := t1.start[q2], t1.start[q2+1]
				if lo == hi {
					continue
				}
				// The valid taps j2 of q2 are consecutive (no input dilation), as are their columns.
				j2, ix := t1.k[lo], t1.in[lo]
				dst := acc[(q1*q2n+q2)*c : (q1*q2n+q2+1)*c]
				stridedDotAcc(dst, vRow[j2*c:], xRow[ix*c:], hi-lo, c, xStep)
			}
		}
	}
}

// stridedDotAcc does acc[i] += Σ_{t<cnt} a[t·aStep + i] · b[t·bStep + i] for i < len(acc), with
// aStep = len(acc): the float32 case runs in assembly where the CPU has AVX2 and FMA.
func stridedDotAcc[T float](acc, a, b []T, cnt, aStep, bStep int) {
	n := len(acc)
	if cnt <= 0 || n == 0 {
		return
	}
	_ = a[(cnt-1)*aStep+n-1] // bounds, once: the assembly trusts them
	_ = b[(cnt-1)*bStep+n-1]
	if a32, ok := any(a).([]float32); ok && useAVX2 {
		stridedDotAcc32(&any(acc).([]float32)[0], &a32[0], &any(b).([]float32)[0], n, cnt, aStep, bStep)
		return
	}
	for t := 0; t < cnt; t++ {
		av := a[t*aStep : t*aStep+n]
		bv := b[t*bStep : t*bStep+n]
		for i := range acc {
			acc[i] += av[i] * bv[i]
		}
	}
}

// addTo does dst[i] += src[i].
func addTo[T float](dst, src []T) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}
