package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/internal/gradcheck"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

func TestMatMulGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	matrix := func(name string, rows, cols int) gradcheck.Input {
		data := make([]float64, rows*cols)
		for i := range data {
			data[i] = rng.NormFloat64()
		}
		return gradcheck.Input{Name: name, Data: data, Dims: []int{rows, cols}}
	}
	requireGradients(t, func(in []*graph.Node) *graph.Node { return MatMul(in[0], in[1]) },
		matrix("a", 3, 4), matrix("b", 4, 5))
}

// TestMatMulGradientIsSmall: the gradient graph holds no tensor larger than its operands and
// output (GoMLX's own Dot gradient builds an [I, J, K] broadcast).
func TestMatMulGradientIsSmall(t *testing.T) {
	b := testBackend(t)
	g := graph.NewGraph(b, "matmul_grad")
	defer g.Finalize()
	x := graph.Parameter(g, "x", shapes.Make(dtypes.Float32, 30, 20))
	w := graph.Parameter(g, "w", shapes.Make(dtypes.Float32, 20, 40))
	graph.Gradient(graph.ReduceAllSum(MatMul(x, w)), x, w)
	for _, n := range g.Nodes() {
		if n != nil && n.Shape().Size() > 30*40 {
			t.Errorf("%s node of %s in the gradient graph", n.Type(), n.Shape())
		}
	}
}
