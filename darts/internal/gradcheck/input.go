package gradcheck

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Input is one argument of the loss: float64 values in row-major order and their dimensions
// (no dimensions: a scalar).
type Input struct {
	// Name identifies the input in reports; "#i" is used when empty.
	Name string
	Data []float64
	Dims []int
	// Constant inputs are fed to the loss but neither differentiated nor perturbed, e.g. the random
	// weights of a weighted-sum loss, or an operand whose gradient is not under test.
	Constant bool
}

func (in Input) label(i int) string {
	if in.Name != "" {
		return fmt.Sprintf("%q", in.Name)
	}
	return fmt.Sprintf("#%d", i)
}

func (in Input) validate(i int) error {
	size := 1
	for _, d := range in.Dims {
		if d < 0 {
			return fmt.Errorf("gradcheck: input %s has a negative dimension in %v", in.label(i), in.Dims)
		}
		size *= d
	}
	if size != len(in.Data) {
		return fmt.Errorf("gradcheck: input %s has %d values but dimensions %v hold %d",
			in.label(i), len(in.Data), in.Dims, size)
	}
	return nil
}

// tensor copies the data, so perturbing it later leaves the caller's slice alone.
func (in Input) tensor(data []float64) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(append([]float64(nil), data...), in.Dims...)
}

// multiIndex converts a row-major flat index into one index per dimension.
func multiIndex(flat int, dims []int) []int {
	idx := make([]int, len(dims))
	for axis := len(dims) - 1; axis >= 0; axis-- {
		if dims[axis] > 0 {
			idx[axis] = flat % dims[axis]
			flat /= dims[axis]
		}
	}
	return idx
}
