package dartscpu

import (
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// Where implements backends.Builder. A condition that is a constant scalar selects one operand
// whole; when that operand already has the output's shape it is the result, and no op is
// recorded (as Identity). nn.CustomVJP builds such a Where to put its gradient anchors on the
// path to its output without an elementwise pass over the output.
func (b *graphBuilder) Where(condition, onTrue, onFalse backends.Op) (backends.Op, error) {
	outs, err := b.record("Where", []backends.Op{condition, onTrue, onFalse}, func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := sb.Where(in[0], in[1], in[2])
		return []backends.Op{o}, err
	})
	if err != nil {
		return nil, err
	}
	n := b.nodes[len(b.nodes)-1]
	if pick, ok := b.constantChoice(n); ok {
		b.nodes = b.nodes[:len(b.nodes)-1] // the recorded Where is never read: drop it
		return pick, nil
	}
	return outs[0], nil
}

// constantChoice returns the operand a Where node n selects everywhere, when its condition is a
// constant scalar and that operand has n's output shape.
func (b *graphBuilder) constantChoice(n *node) (*value, bool) {
	cond := n.inputs[0]
	if cond.node.constant == nil || cond.shape.Rank() != 0 || cond.shape.DType != dtypes.Bool {
		return nil, false
	}
	flat := make([]bool, 1)
	if err := b.backend.inner.BufferToFlatData(cond.node.constant, flat); err != nil {
		return nil, false
	}
	pick := n.inputs[2]
	if flat[0] {
		pick = n.inputs[1]
	}
	if !pick.shape.Equal(n.outputs[0].shape) {
		return nil, false
	}
	return pick, true
}
