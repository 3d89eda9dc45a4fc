package evalnet

import (
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// reluMemo builds the ReLU of each state once. A cell's output is ReLU'd by the preprocessing of
// the next two cells, and a state by every sep_conv and dil_conv edge leaving it; the reference
// applies one ReLU per module, and a training step keeps every one of those outputs (each is read
// by a convolution's filter gradient). Shared, one output is kept per state, and the ReLU's
// backward pass runs once, on the sum of the gradients: the same values (the indicator is 0 or
// 1), in a different order of summation.
type reluMemo map[*graph.Node]*graph.Node

func (m reluMemo) of(x *graph.Node) *graph.Node {
	r, ok := m[x]
	if !ok {
		r = ops.ReLU(x)
		m[x] = r
	}
	return r
}

// convBNOnReLU is ops.ReLUConvBN's 1×1 convolution and batch norm (same variables) on its input's
// ReLU r.
func convBNOnReLU(ctx *context.Context, r *graph.Node, c int) *graph.Node {
	return ops.BatchNorm(ctx, ops.Conv(ctx.In("conv"), r, c, 1, 1, 0, 1), true)
}
