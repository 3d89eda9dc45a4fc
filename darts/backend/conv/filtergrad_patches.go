package conv

// maxFilterGradPatches bounds the patch matrix of [PatchFilterGradNHWC], in elements (64 MiB of
// float32): the stem of a CIFAR-10 network at batch 96 needs 2.7 Mi (27 columns); larger
// problems stay on the general path, which works in bounded blocks.
var maxFilterGradPatches = 1 << 24

// PatchFilterGradNHWCSupported reports whether [PatchFilterGradNHWC] computes p: the kernel
// gradient of an ungrouped 2-D convolution in the roles [DepthwiseFilterGradNHWC] describes (the
// forward input's channels as the batch, its batch as the contracted channels, the output
// gradient as the kernel), without grouping or input dilation, whose patch matrix (below) has at
// most maxFilterGradPatches elements.
func PatchFilterGradNHWCSupported(p *Params) bool {
	if p.Validate() != nil || len(p.InSpatial) != 2 || p.FeatureGroups != 1 || p.BatchGroups != 1 ||
		p.inputDilation(0) != 1 || p.inputDilation(1) != 1 {
		return false
	}
	rows := p.InChannels * prod(p.KernelSpatial)
	cols := prod(p.OutSpatial()) * p.Batch
	return rows > 0 && cols > 0 && rows*cols <= maxFilterGradPatches
}

// PatchFilterGradNHWC computes the same result as [Conv] (up to the order of the sums) for a p
// that [PatchFilterGradNHWCSupported] accepts, with x the forward input [N, H, W, C] and v the
// gradient of the forward output [N, J1, J2, Co] as they lie (N = p.InChannels, C = p.Batch,
// Co = p.OutChannels), into out [Q1, Q2, C, Co]:
//
//	out[q1, q2, c, co] = Σ_{n, j1, j2} x[n, q1·s1 + j1·e1 − p1, q2·s2 + j2·e2 − p2, c] · v[n, j1, j2, co]
//
// It gathers the patch matrix P [N·J1·J2, Q1·Q2·C] (row (n, j1, j2) holds the input pixels the
// filter taps (q1, q2) meet at output position (j1, j2), zero in the padding) and takes one
// deep, narrow matrix product out = Pᵀ·v with [PointwiseFilterGrad], split over both cores. A
// CIFAR-10 stem (3 input channels, 3×3) has 27 columns: the general path would transpose x and
// v and run im2col with a single task of 27 rows over the whole batch, on one core.
func PatchFilterGradNHWC[T float](p *Params, x, v, out []T) {
	if !PatchFilterGradNHWCSupported(p) {
		panic("conv: PatchFilterGradNHWC called with unsupported params " + p.fingerprint())
	}
	checkLen("input", len(x), p.InputSize())
	checkLen("kernel", len(v), p.KernelSize())
	checkLen("output", len(out), p.OutputSize())
	g := cachedGeometry(p)
	c, n := g.n, g.cin
	h, w := g.inSpatial[0], g.inSpatial[1]
	j1n, j2n := g.kerSpatial[0], g.kerSpatial[1]
	q1n, q2n := g.outSpatial[0], g.outSpatial[1]
	cols := q1n * q2n * c
	rows := n * j1n * j2n
	bufp := getScratch[T](rows * cols)
	defer putScratch(bufp)
	pm := *bufp
	t0, t1 := &g.taps[0], &g.taps[1]
	runTasks(n, float64(rows*cols), func(next func() int) {
		for b := next(); b >= 0; b = next() {
			img := pm[b*j1n*j2n*cols : (b+1)*j1n*j2n*cols]
			clear(img) // the padding
			for q1 := range q1n {
				for t := t0.start[q1]; t < t0.start[q1+1]; t++ {
					j1, iy := t0.k[t], t0.in[t]
					xRow := x[(b*h+iy)*w*c : (b*h+iy+1)*w*c]
					for q2 := range q2n {
						col := (q1*q2n + q2) * c
						for u := t1.start[q2]; u < t1.start[q2+1]; u++ {
							j2, ix := t1.k[u], t1.in[u]
							r := (j1*j2n + j2) * cols
							copy(img[r+col:r+col+c], xRow[ix*c:(ix+1)*c])
						}
					}
				}
			}
		}
	})
	PointwiseFilterGrad(cols, p.OutChannels, rows, pm, v, out)
}
