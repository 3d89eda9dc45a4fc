package tensorops

import "fmt"

// Transpose writes into dst the transposition of src (shape dims): output axis i is input axis
// perm[i], so the output dims are dims[perm[0]], dims[perm[1]], ... (XLA / GoMLX semantics).
//
// The permutation is first simplified (size-1 axes dropped, axes that stay adjacent merged), which
// turns e.g. NHWC→NCHW into a batched 2-D transpose [N, H·W, C]→[N, C, H·W]. Then:
//   - nothing left to permute → a single copy();
//   - innermost axis kept → copy() of contiguous runs;
//   - otherwise → cache-blocked tiles between the input's innermost axis and the output's
//     innermost axis, looping over all remaining axes as a batch.
func Transpose[T any](dst, src []T, dims []int, perm []int) {
	checkPerm(dims, perm)
	n := numElements(dims)
	checkLen("src", len(src), n, dims)
	checkLen("dst", len(dst), n, dims)
	if n == 0 {
		return
	}
	sdims, sperm := simplifyPerm(dims, perm)
	rank := len(sdims)
	if rank <= 1 {
		copy(dst, src)
		return
	}
	srcStrides := rowMajorStrides(sdims)
	outDims := make([]int, rank)
	for i, p := range sperm {
		outDims[i] = sdims[p]
	}
	dstStrides := rowMajorStrides(outDims)

	if sperm[rank-1] == rank-1 {
		// Innermost axis unchanged: each output row of length run is contiguous in src too.
		run := sdims[rank-1]
		outer := outDims[:rank-1]
		srcOuter := make([]int, rank-1)
		for i := range srcOuter {
			srcOuter[i] = srcStrides[sperm[i]]
		}
		forEachOffset(outer, dstStrides[:rank-1], srcOuter, 0, 0, func(d, s int) {
			copy(dst[d:d+run], src[s:s+run])
		})
		return
	}

	// Tile case. Axis a (input axis that becomes the output's innermost) and axis b (the input's
	// innermost, at output position q) form a 2-D transpose; every other axis is a batch.
	a := sperm[rank-1]
	b := rank - 1
	q := -1
	batchDims := make([]int, 0, rank-2)
	batchDst := make([]int, 0, rank-2)
	batchSrc := make([]int, 0, rank-2)
	for i, p := range sperm {
		switch {
		case p == b:
			q = i
		case i == rank-1:
		default:
			batchDims = append(batchDims, outDims[i])
			batchDst = append(batchDst, dstStrides[i])
			batchSrc = append(batchSrc, srcStrides[p])
		}
	}
	nA, nB := sdims[a], sdims[b]
	sA, dB := srcStrides[a], dstStrides[q]
	forEachOffset(batchDims, batchDst, batchSrc, 0, 0, func(d, s int) {
		transposeTiles(dst, src, d, s, nA, nB, sA, dB)
	})
}

// tileSize is the edge of the square tiles used by transposeTiles: 16×16 float32 tiles (1 KiB
// read + 1 KiB written) keep both the source rows and destination rows of a tile resident in L1,
// so neither side's strided access thrashes the cache.
const tileSize = 16

// transposeTiles transposes one 2-D slab: src element (i, j) at sOff+i*sA+j goes to dst
// dOff+j*dB+i, for i < nA, j < nB. Full tiles go through transposeFullTile; ragged edge tiles
// use a plain strided loop.
func transposeTiles[T any](dst, src []T, dOff, sOff, nA, nB, sA, dB int) {
	for i0 := 0; i0 < nA; i0 += tileSize {
		i1 := min(i0+tileSize, nA)
		for j0 := 0; j0 < nB; j0 += tileSize {
			j1 := min(j0+tileSize, nB)
			if i1-i0 == tileSize && j1-j0 == tileSize {
				transposeFullTile(dst, src, dOff+j0*dB+i0, sOff+i0*sA+j0, sA, dB)
				continue
			}
			for j := j0; j < j1; j++ {
				row := dst[dOff+j*dB+i0 : dOff+j*dB+i1]
				s := sOff + i0*sA + j
				for k := range row {
					row[k] = src[s]
					s += sA
				}
			}
		}
	}
}

// transposeFullTile transposes one tileSize×tileSize tile. Rows are taken as *[tileSize]T array
// pointers, so after tileSize slice checks per side the compiler drops all per-element bounds
// checks (indices are provably < tileSize).
func transposeFullTile[T any](dst, src []T, d, s, sA, dB int) {
	var rows [tileSize]*[tileSize]T
	for i := range rows {
		rows[i] = (*[tileSize]T)(src[s+i*sA : s+i*sA+tileSize])
	}
	for j := range tileSize {
		out := (*[tileSize]T)(dst[d+j*dB : d+j*dB+tileSize])
		for i := range tileSize {
			out[i] = rows[i][j]
		}
	}
}

// checkPerm panics unless perm is a permutation of 0..len(dims)-1.
func checkPerm(dims, perm []int) {
	if len(perm) != len(dims) {
		panic(fmt.Sprintf("tensorops: Transpose perm %v has length %d, want rank %d", perm, len(perm), len(dims)))
	}
	seen := make([]bool, len(perm))
	for _, p := range perm {
		if p < 0 || p >= len(perm) || seen[p] {
			panic(fmt.Sprintf("tensorops: Transpose perm %v is not a permutation of 0..%d", perm, len(perm)-1))
		}
		seen[p] = true
	}
}

// simplifyPerm returns an equivalent, smaller transposition: size-1 axes are dropped (they do not
// move any data) and runs of output axes that read consecutive input axes are merged into one
// axis. The result never has two adjacent output axes with perm[i+1] == perm[i]+1.
func simplifyPerm(dims, perm []int) (sdims, sperm []int) {
	// Drop size-1 axes, renumbering the kept input axes.
	newIdx := make([]int, len(dims))
	kept := 0
	for i, d := range dims {
		newIdx[i] = -1
		if d != 1 {
			newIdx[i] = kept
			kept++
		}
	}
	keptDims := make([]int, 0, kept)
	for _, d := range dims {
		if d != 1 {
			keptDims = append(keptDims, d)
		}
	}
	keptPerm := make([]int, 0, kept)
	for _, p := range perm {
		if newIdx[p] >= 0 {
			keptPerm = append(keptPerm, newIdx[p])
		}
	}

	// Group output axes into runs of consecutive input axes; each run's first input axis
	// identifies it, and runs are renumbered by input order.
	groupOf := make([]int, len(keptDims)) // input axis -> group's leading input axis
	leaders := []int{}                    // in output order
	for i, p := range keptPerm {
		if i > 0 && p == keptPerm[i-1]+1 {
			groupOf[p] = groupOf[keptPerm[i-1]]
			continue
		}
		groupOf[p] = p
		leaders = append(leaders, p)
	}
	// Input order of groups: walk input axes, a new group starts where groupOf[ax] == ax.
	groupRank := make([]int, len(keptDims))
	for ax := range keptDims {
		if groupOf[ax] == ax {
			groupRank[ax] = len(sdims)
			sdims = append(sdims, keptDims[ax])
		} else {
			sdims[len(sdims)-1] *= keptDims[ax]
		}
	}
	sperm = make([]int, len(leaders))
	for i, l := range leaders {
		sperm[i] = groupRank[l]
	}
	return sdims, sperm
}
