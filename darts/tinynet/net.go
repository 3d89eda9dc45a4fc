package tinynet

import (
	"fmt"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Net describes the classifier: one 3×3 convolution stage (conv → batch norm → ReLU) per entry of
// Widths, a 2×2 max pool between consecutive stages, then a global average pool and a linear layer.
type Net struct {
	// Widths are the output channels of the convolution stages, in order.
	Widths []int
	// NumClasses is the number of logits.
	NumClasses int
}

// DefaultNet is the three-stage network of the package comment, for 10 classes.
func DefaultNet() Net { return Net{Widths: []int{16, 32, 64}, NumClasses: 10} }

// Validate reports a configuration that cannot be built.
func (n Net) Validate() error {
	if len(n.Widths) == 0 {
		return fmt.Errorf("tinynet: Net.Widths is empty, want at least one convolution stage")
	}
	for i, w := range n.Widths {
		if w <= 0 {
			return fmt.Errorf("tinynet: Net.Widths[%d] = %d, want a positive channel count", i, w)
		}
	}
	if n.NumClasses < 2 {
		return fmt.Errorf("tinynet: Net.NumClasses = %d, want at least 2", n.NumClasses)
	}
	return nil
}

// CheckInput reports images the network cannot take: each pool halves the size (rounding down),
// so every stage after the first needs at least 2×2 pixels before its pool.
func (n Net) CheckInput(height, width, channels int) error {
	if height <= 0 || width <= 0 || channels <= 0 {
		return fmt.Errorf("tinynet: bad image shape %dx%dx%d", height, width, channels)
	}
	minSize := 1 << (len(n.Widths) - 1)
	if height < minSize || width < minSize {
		return fmt.Errorf("tinynet: %dx%d images are too small for %d stages (their %d pools need at least %dx%d)",
			height, width, len(n.Widths), len(n.Widths)-1, minSize, minSize)
	}
	return nil
}

// NumParams is the number of trainable parameters for images with inChannels channels: per stage
// a bias-free 3×3 kernel (9·in·out) and the batch norm's scale and shift (2·out), then the linear
// layer's weights and biases.
func (n Net) NumParams(inChannels int) int {
	total, in := 0, inChannels
	for _, w := range n.Widths {
		total += 9*in*w + 2*w
		in = w
	}
	return total + in*n.NumClasses + n.NumClasses
}

// Forward returns the logits [N, NumClasses] of NHWC images x, creating or reusing the variables
// under ctx ("stage0", "stage1", ..., "classifier"). Batch norms follow ctx.IsTraining.
func (n Net) Forward(ctx *context.Context, x *graph.Node) *graph.Node {
	for i, w := range n.Widths {
		if i > 0 {
			x = nn.MaxPool2D(x, 2, 2, 0)
		}
		stage := ctx.In(fmt.Sprintf("stage%d", i))
		x = ops.Conv(stage, x, w, 3, 1, 1, 1)
		x = ops.BatchNorm(stage, x, true)
		x = ops.ReLU(x)
	}
	pooled := graph.ReduceMean(x, 1, 2) // global average pool: [N, C]
	return ops.Linear(ctx.In("classifier"), pooled, n.NumClasses)
}
