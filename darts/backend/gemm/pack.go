package gemm

// transBChunk is the k-chunk of the transposed-B packing loop: 128 rows of a 16-float panel are
// 8 KiB, comfortably inside L1.
const transBChunk = 128

// packBRange packs column panels [lo,hi) of op(B), skipping the full panels that the kernel
// reads in place, and all of them when the caller packed them already.
func packBRange[T float32 | float64](p *problem[T], lo, hi, nr int) {
	if p.prepacked {
		return
	}
	for jp := lo; jp < hi; jp++ {
		if !p.directB || (jp+1)*nr > p.n {
			packB(p, jp, nr)
		}
	}
}

// packB copies column panel jp of op(B) (k rows × nr columns) into p.packedB as k consecutive
// groups of nr values, padding missing columns with zeros so the kernel needs no column edge
// case and always issues full-width loads.
func packB[T float32 | float64](p *problem[T], jp, nr int) {
	k := p.k
	dst := p.packedB[jp*nr*k : (jp+1)*nr*k]
	j0 := jp * nr
	cols := min(nr, p.n-j0)
	if !p.transB {
		// Row q of the panel is a contiguous run of B's row q.
		for q := 0; q < k; q++ {
			d := dst[q*nr : q*nr+nr]
			copy(d, p.b[q*p.ldb+j0:q*p.ldb+j0+cols])
			clear(d[cols:])
		}
		return
	}
	// op(B)(q, j) = b[j*ldb+q]: read source rows contiguously and scatter with stride nr, in
	// chunks of transBChunk k values so the destination lines being filled stay in L1 across the
	// nr source rows (column-at-a-time over all of a large k rewrote each line nr times from L2
	// and took a quarter of the kernel-gradient time).
	for q0 := 0; q0 < k; q0 += transBChunk {
		q1 := min(q0+transBChunk, k)
		for j := 0; j < cols; j++ {
			src := p.b[(j0+j)*p.ldb+q0 : (j0+j)*p.ldb+q1]
			d := dst[q0*nr+j:]
			for q, v := range src {
				d[q*nr] = v
			}
		}
	}
	if cols < nr {
		for q := 0; q < k; q++ {
			clear(dst[q*nr+cols : q*nr+nr])
		}
	}
}

// packA copies the rows×kb block of op(A) at (i, pc) into dst as kb groups of mr values
// (row stride 1, column stride mr), padding missing rows with zeros. mr is the rows of the
// kernel that reads the sliver: the config's mr, or a smaller kernel's kr (see kernelFor).
func packA[T float32 | float64](p *problem[T], dst []T, i, rows, pc, kb, mr int) {
	dst = dst[:kb*mr]
	if p.transA {
		// op(A)(r, q) = a[q*lda+r]: each group is a contiguous run of A's row q.
		// Element loops, not copy/clear: the runs are 6-12 values, too short to amortise a
		// memmove call (packing this way was 5× slower than the multiply itself).
		for q := 0; q < kb; q++ {
			d := dst[q*mr : q*mr+mr]
			off := (pc+q)*p.lda + i
			s := p.a[off : off+rows]
			for r, v := range s {
				d[r] = v
			}
			for r := rows; r < mr; r++ {
				d[r] = 0
			}
		}
		return
	}
	if rows == mr && mr%6 == 0 {
		for r := 0; r < mr; r += 6 {
			packA6(p.a[(i+r)*p.lda+pc:], p.lda, dst[r:], mr, kb)
		}
		return
	}
	for r := 0; r < rows; r++ {
		src := p.a[(i+r)*p.lda+pc : (i+r)*p.lda+pc+kb]
		for q, v := range src {
			dst[q*mr+r] = v
		}
	}
	if rows < mr {
		for q := 0; q < kb; q++ {
			clear(dst[q*mr+rows : q*mr+mr])
		}
	}
}

// packA6 packs six full rows of a row-major A into dst (groups of six at stride mr): reading
// the rows side by side and writing six values at once is much faster than the generic
// row-at-a-time scatter, and packing A is most of the non-kernel time of large products.
func packA6[T float32 | float64](a []T, lda int, dst []T, mr, kb int) {
	r0 := a[:kb]
	r1 := a[lda : lda+kb]
	r2 := a[2*lda : 2*lda+kb]
	r3 := a[3*lda : 3*lda+kb]
	r4 := a[4*lda : 4*lda+kb]
	r5 := a[5*lda : 5*lda+kb]
	for q := range r0 {
		d := dst[q*mr : q*mr+6 : q*mr+6]
		d[0], d[1], d[2], d[3], d[4], d[5] = r0[q], r1[q], r2[q], r3[q], r4[q], r5[q]
	}
}
