package gradcheck_test

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"

	"github.com/dartsml/godarts/darts/internal/gradcheck"
)

// Checking the gradient of Σ x·sin(x) against finite differences.
func ExampleCheck() {
	backend, err := backends.NewWithConfig("go") // GoMLX's pure-Go backend.
	if err != nil {
		panic(err)
	}
	loss := func(in []*graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Mul(in[0], graph.Sin(in[0])))
	}
	inputs := []gradcheck.Input{{Name: "x", Data: []float64{0.5, -1, 2}, Dims: []int{3}}}
	report, err := gradcheck.Check(backend, loss, inputs, gradcheck.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("ok:", report.OK(), "checked:", report.Inputs[0].Checked, "small error:", report.Inputs[0].Worst.RelErr < 1e-8)
	// Output: ok: true checked: 3 small error: true
}
