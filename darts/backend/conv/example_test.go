package conv_test

import (
	"fmt"

	"github.com/dartsml/godarts/darts/backend/conv"
)

// A 1D convolution of a single-channel signal with the kernel [1, 2], padded by one zero on
// the left: out[o] = in[o-1]*1 + in[o]*2.
func Example() {
	p := &conv.Params{
		Batch: 1, InSpatial: []int{4}, InChannels: 1,
		KernelSpatial: []int{2}, OutChannels: 1,
		Padding:       [][2]int{{1, 0}},
		FeatureGroups: 1, BatchGroups: 1,
	}
	input := []float32{1, 2, 3, 4} // [N=1, S=4, Cin=1]
	kernel := []float32{1, 2}      // [K=2, Cin=1, Cout=1]
	output := make([]float32, p.OutputSize())
	conv.Conv(p, input, kernel, output)
	fmt.Println(p.OutSpatial(), output)
	// Output: [4] [2 5 8 11]
}
