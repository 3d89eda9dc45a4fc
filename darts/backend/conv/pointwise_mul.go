package conv

// pointwiseMul sets c = a·b for row-major a [m, k], b [k, n], c [m, n] (row strides lda, ldb,
// ldc) with the pwMul row tiles, and reports false, doing nothing, where they do not apply:
// without AVX-512, below 12 rows or 16 columns, or with k over gemm's 256-deep block (there
// gemm sums in blocks, and the tiles would not give its values).
//
// This is the product of a 1×1 convolution and of its input gradient: m in the tens of
// thousands, k and n of 36..144. gemm runs it as 12×16 tiles, each a call of a few hundred FMAs
// that broadcasts every a value from memory once per FMA (13 loads per 12 FMAs), and a ragged
// last panel at n = 36 or 72. Here a tile is 12 rows × 32 columns, one broadcast serving two
// FMAs, the columns past the last multiple of 32 done as one or two 12×16 tiles (the last one
// ending at column n and recomputing the columns it shares, to the same values), and a call
// runs many 12-row groups. A group count not dividing m overlaps its last group the same way.
// Every value is the FMA chain gemm computes, so the result is bit for bit gemm's.
func pointwiseMul(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) bool {
	if !useAVX512 || m < 12 || n < 16 || k > 256 || k < 1 {
		return false
	}
	_, _, _ = a[(m-1)*lda+k-1], b[(k-1)*ldb+n-1], c[(m-1)*ldc+n-1] // the bounds the assembly relies on
	groups := m / 12
	// Chunks of rows small enough that the chunk of a stays in L1 while every column tile reads it.
	chunk := max(1, (16<<10)/(12*4*lda))
	for g0 := 0; g0 < groups; g0 += chunk {
		pwMulRows(min(chunk, groups-g0), g0*12, n, k, a, lda, b, ldb, c, ldc)
	}
	if m%12 != 0 {
		pwMulRows(1, m-12, n, k, a, lda, b, ldb, c, ldc)
	}
	return true
}

// pwMulRows runs groups 12-row groups from row r0 over all of c's columns.
func pwMulRows(groups, r0, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	ap, cp := a[r0*lda:], c[r0*ldc:]
	j := 0
	for ; j+32 <= n; j += 32 {
		pwMul12x32(groups, &ap[0], 4*lda, &b[j], 4*ldb, k, &cp[j], 4*ldc)
	}
	if j+16 <= n {
		pwMul12x16(groups, &ap[0], 4*lda, &b[j], 4*ldb, k, &cp[j], 4*ldc)
		j += 16
	}
	if j < n {
		pwMul12x16(groups, &ap[0], 4*lda, &b[n-16], 4*ldb, k, &cp[n-16], 4*ldc)
	}
}
