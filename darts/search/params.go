package search

import (
	"strings"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// CountWeights returns the number of trainable network weights in ctx: every trainable variable
// outside ArchScope. This is what PyTorch's sum(p.numel() for p in model.parameters()) counts
// (batch-norm running statistics are buffers there, non-trainable variables here).
func CountWeights(ctx *context.Context) int {
	total := 0
	for v := range ctx.IterVariables() {
		if !v.Trainable || strings.HasPrefix(v.Scope(), "/"+ArchScope) {
			continue
		}
		total += v.Shape().Size()
	}
	return total
}

// CountParams builds the network of cfg for 32×32 RGB inputs in a fresh context (without
// running it) and counts its weights.
func CountParams(backend backends.Backend, cfg Config) int {
	ctx := context.New().Checked(false)
	g := graph.NewGraph(backend, "count_params")
	defer g.Finalize()
	x := graph.Parameter(g, "x", shapes.Make(ops.DType, 2, 32, 32, 3))
	cfg.Forward(ctx, x)
	return CountWeights(ctx)
}
