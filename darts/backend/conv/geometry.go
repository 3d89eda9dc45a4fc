package conv

// geometry is Params digested into what the loops need: group sizes, element strides and, per
// spatial dimension, the list of kernel taps that land on real input elements.
//
// Precomputing the valid taps per (dimension, output index) is what lets every path ignore
// padding and input dilation in its inner loops: positions in padding or in dilation holes are
// never visited, instead of being tested for on every multiply.
type geometry struct {
	d              int
	n, nOut        int // input batch, output batch (= n / BatchGroups)
	cin, cout      int
	fg, bg, groups int // groups = fg * bg (one of them is 1)
	cinK           int // kernel input channels per group: Cin/FG (Cin when batch grouped)
	coutG          int // output channels per group: Cout / groups
	inSpatial      []int
	kerSpatial     []int
	outSpatial     []int
	inImage        int   // elements per input batch item: prod(S) * Cin
	outImage       int   // output positions per output batch item: prod(O)
	kerPositions   int   // prod(K)
	inStride       []int // element stride of each input spatial dim
	kerStride      []int // stride of each kernel spatial dim in flattened kernel positions
	taps           []axisTaps
	outerCount     int // prod(O_1..O_{d-1}): output "rows" along the last spatial dim
	oLast          int // O_d
	kLast          int // K_d
	strides, kdil  []int
	ldil           []int
	pads           [][2]int
	rowCache       rowTapsCache
}

// axisTaps lists, for each output index o along one spatial dim, the kernel indices k whose
// input position o*stride + k*kdil - padLow is a real (non-padding, non-hole) input element, and
// that element's index in the undilated input.
type axisTaps struct {
	start []int // taps of output o are entries [start[o], start[o+1])
	k     []int
	in    []int
}

func newAxisTaps(outSize, inSize, kSize, stride, padLow, ldil, kdil int) axisTaps {
	t := axisTaps{start: make([]int, outSize+1)}
	last := (inSize - 1) * ldil // last valid dilated position (negative when inSize == 0)
	for o := 0; o < outSize; o++ {
		t.start[o] = len(t.k)
		for k := 0; k < kSize; k++ {
			pos := o*stride + k*kdil - padLow
			if pos < 0 || pos > last || pos%ldil != 0 {
				continue
			}
			t.k = append(t.k, k)
			t.in = append(t.in, pos/ldil)
		}
	}
	t.start[outSize] = len(t.k)
	return t
}

// newGeometry digests a valid p.
func newGeometry(p *Params) *geometry {
	d := len(p.InSpatial)
	g := &geometry{
		d: d, n: p.Batch, cin: p.InChannels, cout: p.OutChannels,
		fg: p.FeatureGroups, bg: p.BatchGroups,
		inSpatial:  p.InSpatial,
		kerSpatial: p.KernelSpatial,
		outSpatial: p.OutSpatial(),
	}
	g.groups = g.fg * g.bg
	g.nOut = g.n / g.bg
	g.cinK = g.cin / g.fg
	g.coutG = g.cout / g.groups
	g.outImage = prod(g.outSpatial)
	g.kerPositions = prod(g.kerSpatial)
	g.inStride = make([]int, d)
	g.kerStride = make([]int, d)
	si, sk := g.cin, 1
	for i := d - 1; i >= 0; i-- {
		g.inStride[i], g.kerStride[i] = si, sk
		si *= g.inSpatial[i]
		sk *= g.kerSpatial[i]
	}
	g.inImage = si
	g.strides = make([]int, d)
	g.kdil = make([]int, d)
	g.ldil = make([]int, d)
	g.pads = make([][2]int, d)
	g.taps = make([]axisTaps, d)
	for i := 0; i < d; i++ {
		g.strides[i], g.kdil[i], g.ldil[i], g.pads[i] = p.stride(i), p.kernelDilation(i), p.inputDilation(i), p.padding(i)
		g.taps[i] = newAxisTaps(g.outSpatial[i], g.inSpatial[i], g.kerSpatial[i],
			g.strides[i], g.pads[i][0], g.ldil[i], g.kdil[i])
	}
	g.oLast, g.kLast = g.outSpatial[d-1], g.kerSpatial[d-1]
	g.outerCount = prod(g.outSpatial[:d-1])
	return g
}

// outerTap is one valid combination of taps over all spatial dims but the last: the input
// element offset (from the start of an image) and the flattened kernel position (to which the
// last dim's kernel index is added).
type outerTap struct{ in, k int }

// outerTaps appends to dst the valid tap combinations over dims 0..d-2 for the outer output
// position with flat index outer (row-major over O_1..O_{d-1}). With d == 1 it is the single
// empty combination.
func (g *geometry) outerTaps(outer int, dst []outerTap) []outerTap {
	nd := g.d - 1
	if nd == 0 {
		return append(dst, outerTap{})
	}
	// Decompose outer into per-dim output indices and find each dim's tap range.
	var lo, hi, cur [8]int // stack space for up to 9 spatial dims
	var los, his, curs []int
	if nd <= len(lo) {
		los, his, curs = lo[:nd], hi[:nd], cur[:nd]
	} else {
		los, his, curs = make([]int, nd), make([]int, nd), make([]int, nd)
	}
	for i := nd - 1; i >= 0; i-- {
		o := outer % g.outSpatial[i]
		outer /= g.outSpatial[i]
		t := &g.taps[i]
		los[i], his[i] = t.start[o], t.start[o+1]
		if los[i] == his[i] {
			return dst // some dim has no valid tap: nothing contributes
		}
		curs[i] = los[i]
	}
	// Odometer over the cartesian product of the per-dim tap ranges.
	for {
		var in, k int
		for i := 0; i < nd; i++ {
			in += g.taps[i].in[curs[i]] * g.inStride[i]
			k += g.taps[i].k[curs[i]] * g.kerStride[i]
		}
		dst = append(dst, outerTap{in: in, k: k})
		i := nd - 1
		for ; i >= 0; i-- {
			curs[i]++
			if curs[i] < his[i] {
				break
			}
			curs[i] = los[i]
		}
		if i < 0 {
			return dst
		}
	}
}
