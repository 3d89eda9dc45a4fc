package dartscpu

import (
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// Elementwise fusion. Chains of elementwise ops (arithmetic, comparisons, Where, broadcasts,
// reshapes, bool/float conversions) are the bulk of a DARTS graph: batch norms, ReLUs, the mixed
// ops' weighted sums and all of their gradients. Run one by one, each would read and write whole
// tensors; fused, a group of them runs block by block over the elements with every intermediate
// value in a small register, and only the values needed outside the group are written out.

// fuseClass groups fusible nodes: same element count and float type (bools travel as 0/1).
type fuseClass struct {
	size int
	f64  bool
}

// pattern says how element i of a node's output reads an operand x: x[(i/stride) % m]. It covers
// full operands (stride 1, m = size), scalars (m = 1) and broadcasts of a contiguous run of axes
// (per-channel vectors, per-row values).
type pattern struct{ stride, m int }

func (p pattern) isFull(size int) bool { return p.stride == 1 && p.m == size }

// broadcastPattern derives the pattern of an operand with dims inDims placed on the output axes
// axes[j] (XLA BroadcastInDim). ok is false when the operand's non-trivial axes are not a
// contiguous, increasing run of output axes.
func broadcastPattern(inDims, outDims, axes []int) (pattern, bool) {
	first, last := -1, -1
	for j, d := range inDims {
		if d == 1 {
			continue
		}
		a := axes[j]
		if d != outDims[a] || (last >= 0 && a != last+1) {
			return pattern{}, false
		}
		if first < 0 {
			first = a
		}
		last = a
	}
	if first < 0 {
		return pattern{stride: 1, m: 1}, true
	}
	m, stride := 1, 1
	for a := first; a <= last; a++ {
		m *= outDims[a]
	}
	for a := last + 1; a < len(outDims); a++ {
		stride *= outDims[a]
	}
	return pattern{stride: stride, m: m}, true
}

func identityAxes(rank int) []int {
	axes := make([]int, rank)
	for i := range axes {
		axes[i] = i
	}
	return axes
}

// fusible reports whether n can join a fused group, its class and the pattern of each operand.
func fusible(n *node) (fuseClass, []pattern, bool) {
	op, known := fusibleOps[n.name]
	if !known || n.emit == nil || len(n.outputs) != 1 {
		return fuseClass{}, nil, false
	}
	out := n.outputs[0].shape
	size := out.Size()
	if size == 0 {
		return fuseClass{}, nil, false
	}
	var floatType dtypes.DType
	for _, dt := range append([]dtypes.DType{out.DType}, dtypesOf(n.inputs)...) {
		switch dt {
		case dtypes.Bool:
		case dtypes.Float32, dtypes.Float64:
			if floatType != dtypes.InvalidDType && floatType != dt {
				return fuseClass{}, nil, false // a float32↔float64 conversion
			}
			floatType = dt
		default:
			return fuseClass{}, nil, false
		}
	}
	_ = op
	patterns := make([]pattern, len(n.inputs))
	for i, in := range n.inputs {
		var p pattern
		ok := true
		switch {
		case n.name == "Reshape":
			p = pattern{stride: 1, m: size}
		case n.name == "BroadcastInDim":
			p, ok = broadcastPattern(in.shape.Dimensions, out.Dimensions, n.attrs.([]int))
		case in.shape.Rank() == 0:
			p = pattern{stride: 1, m: 1}
		default:
			p, ok = broadcastPattern(in.shape.Dimensions, out.Dimensions, identityAxes(out.Rank()))
		}
		if !ok {
			return fuseClass{}, nil, false
		}
		patterns[i] = p
	}
	return fuseClass{size: size, f64: floatType == dtypes.Float64}, patterns, true
}

func dtypesOf(vs []*value) []dtypes.DType {
	out := make([]dtypes.DType, len(vs))
	for i, v := range vs {
		out[i] = v.shape.DType
	}
	return out
}
