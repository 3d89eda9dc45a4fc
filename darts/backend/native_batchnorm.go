package backend

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
)

// BatchNormForTraining implements backends.Builder. (The pure-Go backend lacks it; a native
// kernel is to come: until then it is an error, as with the stock backend.)
func (b *Builder) BatchNormForTraining(operand, scale, offset backends.Op, epsilon float32, featureAxis int) (
	backends.Op, backends.Op, backends.Op, error) {
	return nil, nil, nil, fmt.Errorf("%s: BatchNormForTraining not implemented yet", Name)
}

// BatchNormForInference implements backends.Builder.
func (b *Builder) BatchNormForInference(operand, scale, offset, mean, variance backends.Op, epsilon float32,
	featureAxis int) (backends.Op, error) {
	return nil, fmt.Errorf("%s: BatchNormForInference not implemented yet", Name)
}

// BatchNormGradient implements backends.Builder.
func (b *Builder) BatchNormGradient(operand, scale, mean, variance, gradOutput backends.Op, epsilon float32,
	featureAxis int) (backends.Op, backends.Op, backends.Op, error) {
	return nil, nil, nil, fmt.Errorf("%s: BatchNormGradient not implemented yet", Name)
}
