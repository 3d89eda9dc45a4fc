package gemm

// packB copies column panel jp of op(B) (k rows × nr columns) into p.packedB as k consecutive
// groups of nr values, padding missing columns with zeros so the kernel needs no column edge
// case and always issues full-width aligned loads.
func packB[T float32 | float64](p *problem[T], jp, nr int) {
	k := p.k
	dst := p.packedB[jp*nr*k : (jp+1)*nr*k]
	j0 := jp * nr
	cols := min(nr, p.n-j0)
	if !p.transB {
		// Row p of the panel is a contiguous run of B's row p.
		for q := 0; q < k; q++ {
			d := dst[q*nr : q*nr+nr]
			copy(d, p.b[q*p.ldb+j0:q*p.ldb+j0+cols])
			clear(d[cols:])
		}
		return
	}
	// op(B)(q, j) = b[j*ldb+q]: read each source row contiguously, scatter with stride nr.
	for j := 0; j < cols; j++ {
		src := p.b[(j0+j)*p.ldb : (j0+j)*p.ldb+k]
		for q, v := range src {
			dst[q*nr+j] = v
		}
	}
	if cols < nr {
		for q := 0; q < k; q++ {
			clear(dst[q*nr+cols : q*nr+nr])
		}
	}
}

// packA copies the rows×kb block of op(A) at (i, pc) into dst as kb groups of mr values
// (row stride 1, column stride mr), padding missing rows with zeros.
func packA[T float32 | float64](p *problem[T], dst []T, i, rows, pc, kb, mr int) {
	dst = dst[:kb*mr]
	if p.transA {
		// op(A)(r, q) = a[q*lda+r]: each group is a contiguous run of A's row q.
		for q := 0; q < kb; q++ {
			d := dst[q*mr : q*mr+mr]
			off := (pc+q)*p.lda + i
			copy(d, p.a[off:off+rows])
			clear(d[rows:])
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
