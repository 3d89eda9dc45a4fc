package conv

// isOneByOne: an ungrouped convolution whose kernel is 1 in every spatial dim (but with stride,
// padding or input dilation, else isPointwise). Every output position then reads at most one
// input position: FactorizedReduce's stride-2 1×1 convolutions and their input gradients
// (input dilation 2, where three output positions in four read nothing).
func (g *geometry) isOneByOne() bool {
	if g.bg != 1 || g.fg != 1 {
		return false
	}
	for _, k := range g.kerSpatial {
		if k != 1 {
			return false
		}
	}
	return true
}

// oneByOneChunk is the number of output positions a task gathers: the gathered inputs and the
// product (chunk × (Cin + Cout) values) stay within L2, and gemm gets a tall enough matrix.
const oneByOneChunk = 256

// convOneByOne gathers, for a chunk of output positions, the input positions they read into a
// dense [rows, Cin] matrix, multiplies it by the [Cin, Cout] kernel with gemm and scatters the
// products to their output positions; positions that read nothing (padding, dilation holes) are
// zeroed. The general path would gather and multiply zero patches for them and run im2col on
// the rest.
func convOneByOne[T float](g *geometry, input, kernel, output []T) {
	rows := g.n * g.outImage
	cin, cout := g.cin, g.cout
	chunks := (rows + oneByOneChunk - 1) / oneByOneChunk
	flops := 2 * float64(rows) * float64(cin) * float64(cout)
	last := &g.taps[g.d-1]
	runTasks(chunks, flops, func(next func() int) {
		bufp := getScratch[T](oneByOneChunk * (cin + cout))
		defer putScratch(bufp)
		a, c := (*bufp)[:oneByOneChunk*cin], (*bufp)[oneByOneChunk*cin:]
		var dst [oneByOneChunk]int // output position of each gathered row
		var ot []outerTap
		for t := next(); t >= 0; t = next() {
			r0, r1 := t*oneByOneChunk, min(rows, (t+1)*oneByOneChunk)
			n, prevOuter := 0, -1
			for r := r0; r < r1; r++ {
				b, pos := r/g.outImage, r%g.outImage
				outer, ol := pos/g.oLast, pos%g.oLast
				if outer != prevOuter {
					ot, prevOuter = g.outerTaps(outer, ot[:0]), outer
				}
				if len(ot) == 0 || last.start[ol] == last.start[ol+1] {
					clear(output[r*cout : (r+1)*cout])
					continue
				}
				src := b*g.inImage + ot[0].in + last.in[last.start[ol]]*cin
				copy(a[n*cin:(n+1)*cin], input[src:src+cin])
				dst[n] = r
				n++
			}
			if n == 0 {
				continue
			}
			matmul(n, cout, cin, a, cin, kernel, cout, 0, c, cout)
			for i, r := range dst[:n] {
				copy(output[r*cout:(r+1)*cout], c[i*cout:(i+1)*cout])
			}
		}
	})
}
