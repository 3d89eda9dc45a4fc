package darts

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Scalar reads a float32 or float64 scalar tensor (a loss, an accuracy count) as a float64. It
// panics on anything else: the graphs that return these are ours.
func Scalar(t *tensors.Tensor) float64 {
	switch v := t.Value().(type) {
	case float32:
		return float64(v)
	case float64:
		return v
	}
	panic(fmt.Sprintf("darts: expected a float scalar, got %s", t.Shape()))
}
