package evalnet

import (
	"fmt"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// InputSize is the image side the paper uses for each kind of network.
func (c Config) InputSize() int {
	if c.Kind == ImageNet {
		return 224
	}
	return 32
}

// build builds the network for RGB images of the paper's input size in a fresh context, in a
// training graph when auxiliary heads must exist (with two images then: a training batch norm
// needs more than one value per channel, and the auxiliary head's last one sees 1×1 features),
// and returns the context and graph.
func (c Config) build(backend backends.Backend, training bool) (*context.Context, *graph.Graph) {
	ctx := context.New().Checked(false)
	g := graph.NewGraph(backend, "evalnet_count")
	ctx.SetTraining(g, training)
	side := c.InputSize()
	batch := 1
	if training {
		batch = 2
	}
	x := graph.Parameter(g, "x", shapes.Make(ops.DType, batch, side, side, 3))
	c.Forward(ctx, x, nil)
	return ctx, g
}

// CountParams returns the number of trainable weights of the network, the auxiliary head
// included when c.Auxiliary is set (as PyTorch counts the reference's model.parameters()).
// It builds the graph without compiling or running it.
func (c Config) CountParams(backend backends.Backend) int {
	ctx, g := c.build(backend, true)
	defer g.Finalize()
	total := 0
	for v := range ctx.IterVariables() {
		if v.Trainable {
			total += v.Shape().Size()
		}
	}
	return total
}

// CountMultAdds returns the multiply-adds of one forward pass of one image at the paper's input
// size, inference mode (no auxiliary head), counting convolutions and matrix products (the
// convention behind the paper's "574M"): per convolution, output elements × kernel height ×
// kernel width × input channels per group; per product, the product of its dimensions.
func (c Config) CountMultAdds(backend backends.Backend) int64 {
	_, g := c.build(backend, false)
	defer g.Finalize()
	var total int64
	for _, n := range g.Nodes() {
		if n == nil {
			continue
		}
		switch n.Type() {
		case graph.NodeTypeConvGeneral:
			kernel := n.Inputs()[1].Shape().Dimensions // HWIO: I is the input channels per group
			total += int64(n.Shape().Size()) * int64(kernel[0]*kernel[1]*kernel[2])
		case graph.NodeTypeDotGeneral, graph.NodeTypeDot:
			// The network's only products are its linear layers, [N, K]·[K, M]: N·K·M.
			lhs, rhs := n.Inputs()[0].Shape(), n.Inputs()[1].Shape()
			if lhs.Rank() != 2 || rhs.Rank() != 2 {
				panic(fmt.Sprintf("evalnet: CountMultAdds: unexpected product of %s and %s", lhs, rhs))
			}
			total += int64(lhs.Size()) * int64(rhs.Dimensions[1])
		}
	}
	return total
}
