package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	timage "github.com/gomlx/gomlx/pkg/core/tensors/images"
)

// MaxPool2D is PyTorch's max_pool2d(x, k, stride, padding) on NHWC x: the maximum of each k×k
// window, where padding pixels never win (they act as -inf).
func MaxPool2D(x *graph.Node, k, stride, padding int) *graph.Node {
	checkPoolArgs("MaxPool2D", x, k, stride, padding)
	// ReduceWindow's padding takes the reduction's initial value, i.e. -inf for max.
	return graph.MaxPool(x).
		ChannelsAxis(timage.ChannelsLast).
		Window(k).
		Strides(stride).
		PaddingPerDim([][2]int{{padding, padding}, {padding, padding}}).
		Done()
}

// AvgPool2D is PyTorch's avg_pool2d(x, k, stride, padding, count_include_pad=False) on NHWC x, as
// DARTS uses it: each k×k window's sum divided by how many of its pixels are inside the image.
//
// The counts depend only on shapes, so they are computed here, once, as a constant; GoMLX's
// MeanPool would instead pool a tensor of ones on every run.
func AvgPool2D(x *graph.Node, k, stride, padding int) *graph.Node {
	checkPoolArgs("AvgPool2D", x, k, stride, padding)
	sums := graph.SumPool(x).
		ChannelsAxis(timage.ChannelsLast).
		Window(k).
		Strides(stride).
		PaddingPerDim([][2]int{{padding, padding}, {padding, padding}}).
		Done()
	dims := x.Shape().Dimensions
	counts := windowCounts(dims[1], dims[2], k, stride, padding)
	return graph.Div(sums, graph.ConvertDType(graph.ConstTensor(x.Graph(), counts), x.DType()))
}

// windowCounts returns, shaped [1, outH, outW, 1], how many pixels of each pooling window lie
// inside an h×w image. The count is separable: rows inside times columns inside.
func windowCounts(h, w, k, stride, padding int) *tensors.Tensor {
	rows := windowCounts1D(h, k, stride, padding)
	cols := windowCounts1D(w, k, stride, padding)
	counts := make([]float64, 0, len(rows)*len(cols))
	for _, r := range rows {
		for _, c := range cols {
			counts = append(counts, float64(r*c))
		}
	}
	return tensors.FromFlatDataAndDimensions(counts, 1, len(rows), len(cols), 1)
}

// windowCounts1D returns, for each output position along one axis, how many of its k window
// positions fall inside [0, size).
func windowCounts1D(size, k, stride, padding int) []int {
	counts := make([]int, convOutputSize(size, k, stride, 1, padding))
	for o := range counts {
		start := o*stride - padding
		counts[o] = min(start+k, size) - max(start, 0)
	}
	return counts
}

func checkPoolArgs(op string, x *graph.Node, k, stride, padding int) {
	if x.Rank() != 4 {
		panic(fmt.Sprintf("nn.%s: want a rank-4 NHWC input, got %s", op, x.Shape()))
	}
	// PyTorch's own limit: with more padding, a window could lie entirely in the padding.
	if k < 1 || stride < 1 || padding < 0 || 2*padding > k {
		panic(fmt.Sprintf("nn.%s: want k ≥ 1, stride ≥ 1 and 0 ≤ padding ≤ k/2, got k=%d, stride=%d, padding=%d",
			op, k, stride, padding))
	}
	if x.Shape().Dimensions[1]+2*padding < k || x.Shape().Dimensions[2]+2*padding < k {
		panic(fmt.Sprintf("nn.%s: the %d×%d window is larger than the padded input %s (padding %d)",
			op, k, k, x.Shape(), padding))
	}
}
