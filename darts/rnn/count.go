package rnn

import (
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/dartsml/godarts/darts/ops"
)

// CountParams builds the model in a fresh context (without running it) and counts its trainable
// weights, α excluded: PyTorch's count of the reference's model.parameters() (the decoder's weight
// is the embedding, counted once).
func (c Config) CountParams(backend backends.Backend) int {
	ctx := context.New().Checked(false)
	g := graph.NewGraph(backend, "rnn_count_params")
	defer g.Finalize()
	tokens := graph.Parameter(g, "tokens", shapes.Make(dtypes.Int32, 1, 2))
	hidden := graph.Parameter(g, "hidden", shapes.Make(ops.DType, 2, c.Hidden))
	c.Forward(ctx, tokens, hidden)
	total := 0
	for v := range ctx.IterVariables() {
		if v.Trainable && !strings.HasPrefix(v.Scope(), "/"+ArchScope) {
			total += v.Shape().Size()
		}
	}
	return total
}
