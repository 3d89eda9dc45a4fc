package dartscpu

import (
	"slices"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// The gradient of a Slice is its cotangent zero-padded back to the operand's shape, so a tensor
// cut into pieces gets, as gradient, a sum of padded pieces: the PTB model slices its embedded
// sequence once per time step (35 pads of the whole [35, 64, 850] sequence and 34 Adds of it),
// and each cell node splits its product into the c and h halves (two pads and an Add per node
// and step). When the pieces tile the operand along one axis, that sum is their concatenation.

// padOf records a native Pad's configuration, for fusePadSum.
type padOf struct {
	axes []tensorops.PadAxis
}

// fusePadSum turns the sum node n, whose terms are leaves, into the concatenation of the padded
// pieces when every term is a piece padded with zeros along one common axis and the pieces
// cover that axis of the output exactly once.
func (b *graphBuilder) fusePadSum(n *node, leaves []*value) bool {
	type piece struct {
		start int
		x     *value
	}
	pieces := make([]piece, len(leaves))
	axis := -1
	for i, v := range leaves {
		pad, ok := v.node.attrs.(padOf)
		if !ok || !b.isZeroScalar(v.node.inputs[1]) {
			return false
		}
		pieces[i].x = v.node.inputs[0]
		for a, p := range pad.axes {
			if p.Interior != 0 || p.Start < 0 || p.End < 0 {
				return false
			}
			if p.Start == 0 && p.End == 0 {
				continue
			}
			if axis >= 0 && axis != a {
				return false
			}
			axis, pieces[i].start = a, p.Start
		}
	}
	if axis < 0 {
		return false
	}
	slices.SortFunc(pieces, func(p, q piece) int { return p.start - q.start })
	covered := 0
	for _, p := range pieces {
		if p.start != covered {
			return false
		}
		covered += p.x.shape.Dimensions[axis]
	}
	if covered != n.outputs[0].shape.Dimensions[axis] {
		return false
	}
	n.inputs = n.inputs[:0]
	dims := make([][]int, len(pieces))
	for i, p := range pieces {
		n.inputs = append(n.inputs, p.x)
		dims[i] = slices.Clone(p.x.shape.Dimensions)
	}
	n.name = "Concatenate/sum of pads"
	n.emit, n.attrs = nil, nil
	n.kernel = func(ins []any, out any) error {
		switch o := out.(type) {
		case []float32:
			return concatenateFlat(o, ins, dims, axis)
		case []float64:
			return concatenateFlat(o, ins, dims, axis)
		}
		return nil
	}
	return true
}

// isZeroScalar reports whether v is a constant scalar 0 (of either sign).
func (b *graphBuilder) isZeroScalar(v *value) bool {
	if v.node.constant == nil || v.shape.Rank() != 0 {
		return false
	}
	switch v.shape.DType {
	case dtypes.Float32:
		flat := make([]float32, 1)
		return b.backend.inner.BufferToFlatData(v.node.constant, flat) == nil && flat[0] == 0
	case dtypes.Float64:
		flat := make([]float64, 1)
		return b.backend.inner.BufferToFlatData(v.node.constant, flat) == nil && flat[0] == 0
	}
	return false
}
