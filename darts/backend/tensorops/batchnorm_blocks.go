package tensorops

// The channels-last float32 sums in register blocks. A row of c features is cut into blocks of
// 16 features, then at most one of 8 and one of 4 (the Block16/8/4 kernels, whose sums stay in
// registers down the rows), then the last c%4 features (the per-row kernel, sums in memory).
// The rows are walked in tiles small enough to stay in the L1 cache while each block of the tile
// is taken in turn, so the operand is read from memory once. A feature's sums still take its
// rows in order, tile after tile: the results are bit for bit the Go loops'.

// bnTileBytes is the size of a tile of one operand: the gradient sums read two, which together
// fit the 48 KiB L1 data cache with room for the stack and the per-feature arrays.
const bnTileBytes = 16 << 10

// bnBlocks calls run(r0, rows, c0, w) for every tile of rows [r0, r0+rows) of n rows of c
// features and, within it, every block [c0, c0+w) of the features, in that order.
func bnBlocks(n, c int, run func(r0, rows, c0, w int)) {
	tile := max(1, bnTileBytes/(4*c))
	for r0 := 0; r0 < n; r0 += tile {
		rows := min(tile, n-r0)
		c0 := 0
		for ; c0+16 <= c; c0 += 16 {
			run(r0, rows, c0, 16)
		}
		for _, w := range [2]int{8, 4} {
			if c0+w <= c {
				run(r0, rows, c0, w)
				c0 += w
			}
		}
		if c0 < c {
			run(r0, rows, c0, c-c0)
		}
	}
}

// sumsAVX adds each row of x into s: s[c] += x[p, c].
func sumsAVX(x []float32, s []float64) {
	c := len(s)
	bnBlocks(avxRows(x, c), c, func(r0, rows, c0, w int) {
		xs, ss := &x[r0*c+c0], &s[c0]
		switch w {
		case 16:
			bnSumsBlock16(xs, ss, rows, c)
		case 8:
			bnSumsBlock8(xs, ss, rows, c)
		case 4:
			bnSumsBlock4(xs, ss, rows, c)
		default:
			bnSums32(xs, ss, rows, w, c)
		}
	})
}

// centredAVX adds d = x[p, c] − m[c] into s1[c] and d·d into s2[c].
func centredAVX(x []float32, m, s1, s2 []float64) {
	c := len(s1)
	bnBlocks(avxRows(x, c, m, s2), c, func(r0, rows, c0, w int) {
		xs, ms, a, b := &x[r0*c+c0], &m[c0], &s1[c0], &s2[c0]
		switch w {
		case 16:
			bnCentredBlock16(xs, ms, a, b, rows, c)
		case 8:
			bnCentredBlock8(xs, ms, a, b, rows, c)
		case 4:
			bnCentredBlock4(xs, ms, a, b, rows, c)
		default:
			bnCentred32(xs, ms, a, b, rows, w, c)
		}
	})
}

// gradSumsAVX adds dy[p, c] into s1[c] and dy[p, c]·(x[p, c] − m[c]) into s2[c].
func gradSumsAVX(x, dy []float32, m, s1, s2 []float64) {
	c := len(s1)
	n := avxRows(x, c, m, s2)
	dy = dy[:len(x)]
	bnBlocks(n, c, func(r0, rows, c0, w int) {
		xs, g, ms, a, b := &x[r0*c+c0], &dy[r0*c+c0], &m[c0], &s1[c0], &s2[c0]
		switch w {
		case 16:
			bnGradSumsBlock16(xs, g, ms, a, b, rows, c)
		case 8:
			bnGradSumsBlock8(xs, g, ms, a, b, rows, c)
		case 4:
			bnGradSumsBlock4(xs, g, ms, a, b, rows, c)
		default:
			bnGradSums32(xs, g, ms, a, b, rows, w, c)
		}
	})
}
