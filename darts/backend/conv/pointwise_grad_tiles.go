package conv

// The float32 1×1 kernel gradient out[c, co] = Σ_p x[p, c]·v[p, co] on AVX-512, without gemm.
//
// gemm sees it as a transposed-A product of depth m (tens of thousands of pixels) and width c,
// co of 36..144, and loses most of its time on the edges of that shape: its 12×16 tiles leave a
// quarter of every FMA empty at 36 columns, it reloads its C tile every 256 pixels, packs the
// wider v, and an output of a few 12-row panels splits badly over two cores. Here both operands
// are read as they lie, one NHWC row of each per pixel: a is broadcast a value (or a few) at a
// time, b is the vector operand, and the output is cut into register tiles whose accumulators
// live in registers while a block of pixels streams past. Each tile's columns are 32 or 16
// consecutive ones of b, or a 4- or 8-column tail packed with 4 or 2 rows into each register
// (lane l of group g holds row 4g + l%4, column l/4; or 2g + l%2, l/2), so that c or co = 36
// and 72 fill every lane. The rows are 12 per tile (36 and 24 for the tails); a row count that
// is not a multiple overlaps its last tile with the one before, which recomputes the shared
// rows exactly (same pixels, same order) in a buffer of its own.

// pwKind is a tile shape: pw12x32 and pw12x16 keep row r, column j at acc[r·cols + j];
// pwT4 and pwT8 keep row 4g+i, column j at acc[16g + 4j + i] (and 2g+i, j at acc[16g + 2j + i]).
type pwKind uint8

const (
	pw12x32 pwKind = iota
	pw12x16
	pwT4
	pwT8
)

var (
	pwRows = [...]int{pw12x32: 12, pw12x16: 12, pwT4: 36, pwT8: 24}
	pwCols = [...]int{pw12x32: 32, pw12x16: 16, pwT4: 4, pwT8: 8}
	// pwBuf is a tile's buffer length: its accumulators (pwT4 keeps room for the 12 registers
	// its assembly loads and stores, of which it uses 9).
	pwBuf = [...]int{pw12x32: 384, pw12x16: 192, pwT4: 192, pwT8: 192}
	// pwSpread4 and pwSpread8 are the permutations that spread a tail's 4 or 8 columns of b over
	// the lanes: lane l takes column l/4 (l/2).
	pwSpread4 = [16]int32{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}
	pwSpread8 = [16]int32{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7}
)

// pwTile is one tile: rows i0.. of a, columns j0.. of b, accumulators at buf[off:].
type pwTile struct {
	kind        pwKind
	i0, j0, off int
}

// pwPlan covers the r×n output of a (r values a row) against b (n a row) with tiles and returns
// them, their buffer length and their FMAs per pixel; ok is false when r or n is too small for
// every tile.
func pwPlan(r, n int) (tiles []pwTile, size, fmas int, ok bool) {
	if r < 12 || n < 16 {
		return nil, 0, 0, false
	}
	add := func(k pwKind, j0 int) {
		h := pwRows[k]
		for i0 := 0; i0 < r; i0 += h {
			tiles = append(tiles, pwTile{k, min(i0, r-h), j0, size})
			size += pwBuf[k]
			fmas += h * pwCols[k] / 16
		}
	}
	j := 0
	for ; j+32 <= n; j += 32 {
		add(pw12x32, j)
	}
	if j+16 <= n {
		add(pw12x16, j)
		j += 16
	}
	switch rem := n - j; {
	case rem == 0:
	case rem == 4 && r >= pwRows[pwT4]:
		add(pwT4, j)
	case rem == 8 && r >= pwRows[pwT8]:
		add(pwT8, j)
	default: // the last 16 columns again, of which the first 16 - rem are recomputed
		add(pw12x16, n-16)
	}
	return tiles, size, fmas, true
}

// pwGradSupported reports whether pointwiseGradTiles handles a c×co kernel gradient.
func pwGradSupported(c, co int) bool {
	_, _, _, ok1 := pwPlan(c, co)
	_, _, _, ok2 := pwPlan(co, c)
	return useAVX512 && (ok1 || ok2)
}

// pwBlockBytes bounds the bytes of a and b that one block of pixels spans: every tile of the
// plan reads the block again, so it should stay in L1 (48 KiB here). Measured single-threaded
// per CPU second at the DARTS shapes, 32 KiB beats 16 and 48-256 KiB (36×36: 164 GFLOP/s
// against 123-146 at 48 KiB and up; the wider shapes are within noise of each other).
const pwBlockBytes = 32 << 10

// pointwiseGradTiles sets out = xᵀ·v (x [m, c], v [m, co], out [c, co]) with the tile kernels,
// in the same fixed pixel slices as PointwiseFilterGrad; pwGradSupported(c, co) must hold.
// The plan runs either on x as a and v as b, or on v as a and x as b (writing out transposed),
// whichever has fewer FMAs per pixel.
func pointwiseGradTiles(c, co, m int, x, v, out []float32) {
	tiles, size, fmas, ok := pwPlan(c, co)
	a, b, r, n, trans := x, v, c, co, false
	if t2, s2, f2, ok2 := pwPlan(co, c); ok2 && (!ok || f2 < fmas) {
		tiles, size, a, b, r, n, trans = t2, s2, v, x, co, c, true
	}
	slices := max(1, min(pointwiseGradSlices, m/pointwiseGradMinRows))
	flops := 2 * float64(m) * float64(c) * float64(co)
	partp := getScratch[float32](slices * size)
	defer putScratch(partp)
	part := *partp
	block := max(16, pwBlockBytes/(4*(r+n)))
	runTasks(slices, flops, func(next func() int) {
		for s := next(); s >= 0; s = next() {
			acc := part[s*size : (s+1)*size]
			clear(acc)
			for p0, hi := s*m/slices, (s+1)*m/slices; p0 < hi; p0 += block {
				pwBlock(a[p0*r:], b[p0*n:], r, n, min(block, hi-p0), block, tiles, acc)
			}
		}
	})
	// Each output is the sum of its slices in slice order; a row that two tiles share is set
	// twice to the same value. The 12×32 and 12×16 tiles keep rows of columns contiguous.
	acc := part[:size]
	for s := 1; s < slices; s++ {
		addTo(acc, part[s*size:(s+1)*size])
	}
	for _, t := range tiles {
		h, w := pwRows[t.kind], pwCols[t.kind]
		for i := 0; i < h; i++ {
			row := t.i0 + i
			if t.kind == pw12x32 || t.kind == pw12x16 {
				src := acc[t.off+i*w : t.off+(i+1)*w]
				if !trans {
					copy(out[row*n+t.j0:], src)
					continue
				}
				for j, v := range src {
					out[(t.j0+j)*r+row] = v
				}
				continue
			}
			for j := 0; j < w; j++ {
				v := acc[t.off+pwIndex(t.kind, i, j)]
				if trans {
					out[(t.j0+j)*r+row] = v
				} else {
					out[row*n+t.j0+j] = v
				}
			}
		}
	}
}

// pwIndex is the position of row i, column j of a tile of kind k in its buffer.
func pwIndex(k pwKind, i, j int) int {
	switch k {
	case pwT4:
		return 16*(i/4) + 4*j + i%4
	case pwT8:
		return 16*(i/2) + 2*j + i%2
	}
	return i*pwCols[k] + j
}

// pwBlock runs every tile over the n pixels at the start of a and b (rows of r and w values),
// prefetching the rows ahead pixels further on (the next block).
func pwBlock(a, b []float32, r, w, n, ahead int, tiles []pwTile, acc []float32) {
	// The kernels read rows 0..n-1 of a and b up to each tile's last row and column, which the
	// plan keeps inside r and w; check the slices reach the last pixel once.
	_, _ = a[(n-1)*r+r-1], b[(n-1)*w+w-1]
	lda, ldb := 4*r, 4*w
	pfa, pfb := ahead*lda, ahead*ldb
	for _, t := range tiles {
		ap, bp, cp := &a[t.i0], &b[t.j0], &acc[t.off]
		switch t.kind {
		case pw12x32:
			pwGrad12x32(n, ap, lda, bp, ldb, cp, pfa, pfb)
		case pw12x16:
			pwGrad12x16(n, ap, lda, bp, ldb, cp, pfa, pfb)
		case pwT4:
			pwGradT4(n, ap, lda, bp, ldb, cp, pfa, pfb, &pwSpread4[0])
		case pwT8:
			pwGradT8(n, ap, lda, bp, ldb, cp, pfa, pfb, &pwSpread8[0])
		}
	}
}
