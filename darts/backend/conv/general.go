package conv

// patchBudget bounds the im2col scratch buffer (in elements) per goroutine. 64Ki elements is
// 256 KiB of float32: the patch block stays in L2 while gemm streams over it, and the buffer is
// small enough to keep one per core in a pool.
const patchBudget = 64 << 10

// convGeneral handles every parameter combination: for each group and each chunk of output rows
// (an output row is one (batch, position) pair), it gathers the input patches of those rows into
// a [rows, K*CinK] matrix (im2col) and multiplies it by the group's [K*CinK, CoutG] slice of the
// kernel, writing straight into the output's columns for that group.
func convGeneral[T float](g *geometry, input, kernel, output []T) {
	kdim := g.kerPositions * g.cinK
	rows := g.nOut * g.outImage
	chunk := max(1, min(rows, patchBudget/kdim))
	// Make sure there are enough tasks to keep every core busy.
	if rows >= 64 && (rows+chunk-1)/chunk*g.groups < 4 {
		chunk = max(16, (rows+3)/4)
	}
	numChunks := (rows + chunk - 1) / chunk
	flops := 2 * float64(rows) * float64(kdim) * float64(g.cout)
	runTasks(numChunks*g.groups, flops, func(next func() int) {
		bufp := getScratch[T](chunk * kdim)
		defer putScratch(bufp)
		buf := *bufp
		var ot []outerTap
		for t := next(); t >= 0; t = next() {
			grp, c := t%g.groups, t/g.groups
			r0 := c * chunk
			r1 := min(rows, r0+chunk)
			ot = im2col(g, input, grp, r0, r1, buf, ot)
			matmul(r1-r0, g.coutG, kdim, buf, kdim,
				kernel[grp*g.coutG:], g.cout,
				output[r0*g.cout+grp*g.coutG:], g.cout)
		}
	})
}

// im2col fills buf[(r-r0)*kdim ...] with the patch of output row r for group grp, for r in
// [r0, r1). Patch column k*CinK + ci holds input channel chanOff+ci at kernel tap k, and zero
// where the tap falls on padding or a dilation hole. ot is reusable scratch, returned for reuse.
func im2col[T float](g *geometry, input []T, grp, r0, r1 int, buf []T, ot []outerTap) []outerTap {
	kdim := g.kerPositions * g.cinK
	cin, cinK := g.cin, g.cinK
	chanOff := 0
	if g.fg > 1 {
		chanOff = grp * cinK
	}
	last := &g.taps[g.d-1]
	prevOuter := -1
	for r := r0; r < r1; r++ {
		b, pos := r/g.outImage, r%g.outImage
		outer, ol := pos/g.oLast, pos%g.oLast
		if outer != prevOuter {
			// The outer taps only depend on the outer position, shared by a whole row of oLast.
			ot = g.outerTaps(outer, ot[:0])
			prevOuter = outer
		}
		inB := b
		if g.bg > 1 {
			inB = grp*g.nOut + b
		}
		base := inB*g.inImage + chanOff
		row := buf[(r-r0)*kdim : (r-r0+1)*kdim]
		clear(row) // padding and holes; valid taps overwrite their columns below
		t0, t1 := last.start[ol], last.start[ol+1]
		for _, o := range ot {
			for t := t0; t < t1; t++ {
				src := base + o.in + last.in[t]*cin
				dst := (o.k + last.k[t]) * cinK
				copy(row[dst:dst+cinK], input[src:src+cinK])
			}
		}
	}
	return ot
}
