package conv

// patchBudget bounds the im2col scratch buffer (in elements) per goroutine. 64Ki elements is
// 256 KiB of float32: the patch block stays in L2 while gemm streams over it, and the buffer is
// small enough to keep one per core in a pool.
var patchBudget = 64 << 10 // a variable only so tests can force tiny blocks

// minChunkRows keeps gemm's m large enough for its register tile (6 rows) to be used well when
// the patch rows are very long (filter gradients: K*CinK is H*W*N).
var minChunkRows = 48 // a variable only so tests can force tiny blocks

// convGeneral handles every parameter combination. An output row is one (batch, position) pair.
// For each group and chunk of output rows it gathers the input patches of a block of kernel
// positions into a [rows, kpBlock*CinK] matrix (im2col) and multiplies it by the matching
// [kpBlock*CinK, CoutG] slice of the kernel, accumulating into the group's output columns.
// Kernel positions are blocked only when a single patch row is too long for the budget, which
// happens for filter gradients, whose "kernel" is the whole dy image.
func convGeneral[T float](g *geometry, input, kernel, output []T) {
	kdim := g.kerPositions * g.cinK
	rows := g.nOut * g.outImage
	chunk := rows
	if rows*kdim > patchBudget {
		chunk = min(rows, max(minChunkRows, patchBudget/kdim))
	}
	// Make sure there are enough tasks to keep every core busy.
	if (rows+chunk-1)/chunk*g.groups < 4 && rows >= 64 {
		chunk = max(16, (rows+3)/4)
	}
	kpBlock := min(g.kerPositions, max(1, patchBudget/(chunk*g.cinK)))
	numChunks := (rows + chunk - 1) / chunk
	flops := 2 * float64(rows) * float64(kdim) * float64(g.cout)
	runTasks(numChunks*g.groups, flops, func(next func() int) {
		bufp := getScratch[T](chunk * kpBlock * g.cinK)
		defer putScratch(bufp)
		buf := *bufp
		var ot []outerTap
		for t := next(); t >= 0; t = next() {
			grp, c := t%g.groups, t/g.groups
			r0 := c * chunk
			r1 := min(rows, r0+chunk)
			out := output[r0*g.cout+grp*g.coutG:]
			for kp0 := 0; kp0 < g.kerPositions; kp0 += kpBlock {
				kp1 := min(g.kerPositions, kp0+kpBlock)
				kd := (kp1 - kp0) * g.cinK
				ot = im2col(g, input, grp, r0, r1, kp0, kp1, buf, ot)
				beta := T(1)
				if kp0 == 0 {
					beta = 0 // first block overwrites the output
				}
				matmul(r1-r0, g.coutG, kd, buf, kd,
					kernel[kp0*g.cinK*g.cout+grp*g.coutG:], g.cout,
					beta, out, g.cout)
			}
		}
	})
}

// im2col fills buf with the patches of output rows [r0, r1) for group grp, restricted to the
// flat kernel positions [kp0, kp1): row r-r0 has kd = (kp1-kp0)*CinK columns and column
// (kp-kp0)*CinK + ci holds input channel chanOff+ci under kernel tap kp, or zero when the tap
// falls on padding or a dilation hole. ot is reusable scratch, returned for reuse.
func im2col[T float](g *geometry, input []T, grp, r0, r1, kp0, kp1 int, buf []T, ot []outerTap) []outerTap {
	kd := (kp1 - kp0) * g.cinK
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
		row := buf[(r-r0)*kd : (r-r0+1)*kd]
		clear(row) // padding and holes; valid taps overwrite their columns below
		t0, t1 := last.start[ol], last.start[ol+1]
		for _, o := range ot {
			if o.k+g.kLast <= kp0 || o.k >= kp1 {
				continue // this outer tap's kernel positions are all outside the block
			}
			for t := t0; t < t1; t++ {
				kp := o.k + last.k[t]
				if kp < kp0 || kp >= kp1 {
					continue
				}
				src := base + o.in + last.in[t]*cin
				dst := (kp - kp0) * cinK
				copy(row[dst:dst+cinK], input[src:src+cinK])
			}
		}
	}
	return ot
}
