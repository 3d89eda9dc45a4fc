package tensorops

import "fmt"

// PadAxis configures padding of one axis (same meaning as GoMLX's backends.PadAxis). Start and End
// may be negative, which crops that many elements from the (interior-padded) axis; Interior >= 0
// inserts that many fill values between consecutive elements.
type PadAxis struct{ Start, End, Interior int }

// PadShape returns the output dims of Pad: for each axis,
// Start + End + dims[i] + max(dims[i]-1, 0)*Interior. Axes beyond len(axes) are unpadded.
// It reports an error (rather than panicking) for configurations a user can produce: too many
// axes, negative interior padding, or cropping that leaves a negative dimension.
func PadShape(dims []int, axes []PadAxis) ([]int, error) {
	if len(axes) > len(dims) {
		return nil, fmt.Errorf("tensorops.PadShape: %d axes configured for rank-%d dims %v", len(axes), len(dims), dims)
	}
	out := append([]int(nil), dims...)
	for i, ax := range axes {
		if ax.Interior < 0 {
			return nil, fmt.Errorf("tensorops.PadShape: axis %d has negative interior padding %d", i, ax.Interior)
		}
		d := out[i]
		n := ax.Start + ax.End + d + max(d-1, 0)*ax.Interior
		if n < 0 {
			return nil, fmt.Errorf("tensorops.PadShape: axis %d of dims %v with padding %+v gives negative dimension %d",
				i, dims, ax, n)
		}
		out[i] = n
	}
	return out, nil
}

// Pad writes into dst (shape PadShape(dims, axes)) the array src (shape dims) padded with fill.
// Every dst element is written exactly once where Interior is 0: the kernel walks the output
// axis by axis, emitting fill slabs for padded positions and recursing into source positions, and
// at the innermost padded axis it moves whole runs (that axis times all trailing unpadded axes)
// with copy().
func Pad[T any](dst, src []T, dims []int, fill T, axes []PadAxis) {
	outDims, err := PadShape(dims, axes)
	if err != nil {
		panic(err)
	}
	checkLen("src", len(src), numElements(dims), dims)
	checkLen("dst", len(dst), numElements(outDims), outDims)
	last := -1 // innermost axis with any padding
	for i, ax := range axes {
		if ax != (PadAxis{}) {
			last = i
		}
	}
	if last < 0 {
		copy(dst, src)
		return
	}
	if len(dst) == 0 {
		return
	}
	if len(src) == 0 {
		setAll(dst, fill)
		return
	}
	p := padder[T]{
		fill:     fill,
		axes:     axes[:last+1],
		inDims:   dims[:last+1],
		outDims:  outDims[:last+1],
		inner:    numElements(dims[last+1:]),
		inSlabs:  rowMajorStrides(dims[:last+1]),
		outSlabs: rowMajorStrides(outDims[:last+1]),
	}
	p.pad(dst, src, 0)
}

// padder carries the per-call constants of Pad so the recursion only passes slabs and the axis.
// Slab sizes are in units of inner (the contiguous run of unpadded trailing axes).
type padder[T any] struct {
	fill              T
	axes              []PadAxis
	inDims, outDims   []int
	inner             int
	inSlabs, outSlabs []int
}

// pad fills the output slab dst (one index of all axes before axis) from the input slab src.
func (p *padder[T]) pad(dst, src []T, axis int) {
	if axis == len(p.axes)-1 {
		p.padRow(dst, src, axis)
		return
	}
	ax := p.axes[axis]
	step := ax.Interior + 1
	d := p.inDims[axis]
	outSlab := p.outSlabs[axis] * p.inner
	inSlab := p.inSlabs[axis] * p.inner
	for o := 0; o < p.outDims[axis]; o++ {
		slab := dst[o*outSlab : (o+1)*outSlab]
		q := o - ax.Start // position in the interior-padded, un-edge-padded axis
		if q >= 0 && q%step == 0 && q/step < d {
			i := q / step
			p.pad(slab, src[i*inSlab:(i+1)*inSlab], axis+1)
		} else {
			setAll(slab, p.fill)
		}
	}
}

// padRow handles the innermost padded axis, where each element is a contiguous block of inner
// values. Without interior padding the row is [fill prefix | one copy() | fill suffix].
func (p *padder[T]) padRow(dst, src []T, axis int) {
	ax := p.axes[axis]
	d, outDim, inner := p.inDims[axis], p.outDims[axis], p.inner
	step := ax.Interior + 1
	// First source element that lands in the output (negative Start crops from the front).
	first := 0
	if ax.Start < 0 {
		first = (-ax.Start + step - 1) / step
	}
	if step == 1 {
		lo := min(max(ax.Start, 0), outDim)
		count := max(min(d-first, outDim-lo), 0)
		setAll(dst[:lo*inner], p.fill)
		if count > 0 { // cropping can skip past the whole axis
			copy(dst[lo*inner:(lo+count)*inner], src[first*inner:(first+count)*inner])
		}
		setAll(dst[(lo+count)*inner:], p.fill)
		return
	}
	// Interior padding: fill the whole row, then drop in the source blocks. This writes the
	// copied positions twice, an accepted cost since interior padding only appears in the
	// gradients of strided convolutions, where the source is the smaller operand.
	setAll(dst, p.fill)
	for i := first; i < d; i++ {
		o := ax.Start + i*step
		if o >= outDim {
			break
		}
		copy(dst[o*inner:(o+1)*inner], src[i*inner:(i+1)*inner])
	}
}
