package nn_test

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/dartsml/godarts/darts/nn"
)

// A 3×3 box filter over a 3×3 image of ones, padded by 1 as PyTorch's padding=1 would: each
// output counts the pixels its window covers inside the image.
func ExampleConv2D() {
	backend, err := backends.NewWithConfig("go") // GoMLX's pure-Go backend.
	if err != nil {
		panic(err)
	}
	image := tensors.FromFlatDataAndDimensions([]float32{1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 3, 3, 1)
	box := tensors.FromFlatDataAndDimensions([]float32{1, 1, 1, 1, 1, 1, 1, 1, 1}, 3, 3, 1, 1)
	out := graph.MustExecOnce(backend, func(x, w *graph.Node) *graph.Node {
		return nn.Conv2D(x, w, 1, 1, 1)
	}, image, box)
	fmt.Println(out.Value())
	// Output: [[[[4] [6] [4]] [[6] [9] [6]] [[4] [6] [4]]]]
}

// A straight-through estimator: the forward pass rounds, the backward pass pretends it did not.
func ExampleCustomVJP() {
	backend, err := backends.NewWithConfig("go") // GoMLX's pure-Go backend.
	if err != nil {
		panic(err)
	}
	x := tensors.FromValue([]float64{0.2, 1.7, -0.6})
	grad := graph.MustExecOnce(backend, func(x *graph.Node) *graph.Node {
		rounded := nn.CustomVJP([]*graph.Node{x},
			func(in []*graph.Node) *graph.Node { return graph.Round(in[0]) },
			func(_ []*graph.Node, _, v *graph.Node) []*graph.Node { return []*graph.Node{v} })
		loss := graph.ReduceAllSum(graph.MulScalar(rounded, 3))
		return graph.Gradient(loss, x)[0]
	}, x)
	fmt.Println(grad.Value())
	// Output: [3 3 3]
}
