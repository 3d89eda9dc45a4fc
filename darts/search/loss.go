package search

import (
	"github.com/dartsml/godarts/darts/nn"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Loss adapts the network to the architect: batch is [images, labels]; the extra output is the
// number of correct predictions.
func (c Config) Loss(ctx *context.Context, batch []*graph.Node) (*graph.Node, []*graph.Node) {
	logits := c.Forward(ctx, batch[0])
	return nn.CrossEntropy(logits, batch[1], 0), []*graph.Node{nn.NumCorrect(logits, batch[1])}
}
