package conv

// convPointwise handles 1×1 kernels without stride, padding or dilation: each output position
// reads exactly its own input position, so per group the convolution is the matrix product
// input[N*S, CinK] · kernel[CinK, CoutG] with the input used in place (lda = Cin), no im2col.
func convPointwise[T float](g *geometry, input, kernel, output []T) {
	rows := g.n * g.outImage
	// Split rows into a few blocks so both cores work even if gemm is single-threaded; the
	// blocks are large enough that gemm still runs at full speed on each.
	const minRows = 256
	blocks := max(1, min(4, rows/minRows))
	blockRows := (rows + blocks - 1) / blocks
	flops := 2 * float64(rows) * float64(g.cinK) * float64(g.cout)
	runTasks(blocks*g.groups, flops, func(next func() int) {
		for t := next(); t >= 0; t = next() {
			grp, blk := t%g.groups, t/g.groups
			r0 := blk * blockRows
			r1 := min(rows, r0+blockRows)
			if r0 >= r1 {
				continue
			}
			matmul(r1-r0, g.coutG, g.cinK,
				input[r0*g.cin+grp*g.cinK:], g.cin,
				kernel[grp*g.coutG:], g.cout, 0,
				output[r0*g.cout+grp*g.coutG:], g.cout)
		}
	})
}
