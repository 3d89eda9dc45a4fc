package dartscpu

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestReshapeReadByNativeOpsIsNotCopied: a product reshaped and then sliced and transposed (as the
// recurrent search's cell does with each node's product) runs as the product, the Slice and the
// Transpose reading the product's buffer: no fused group copies the reshaped value. Values are
// the pure-Go backend's.
func TestReshapeReadByNativeOpsIsNotCopied(t *testing.T) {
	rng := rand.New(rand.NewPCG(87, 88))
	x, w := randomTensor(rng, 16, 24), randomTensor(rng, 24, 32)
	fn := func(x, w *Node) []*Node {
		y := Reshape(MatMul(x, w), 2, 8, 32)
		return []*Node{Slice(y, AxisElem(1)), Transpose(Reshape(y, 16, 32), 0, 1)}
	}
	want := flats(MustExecOnceN(simplego.GetBackend(), fn, clones([]*tensors.Tensor{x, w})...))
	b, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	var e *executable
	b.(*cpuBackend).onCompile = func(c *executable) { e = c }
	got := flats(MustExecOnceN(b, fn, clones([]*tensors.Tensor{x, w})...))
	assertClose(t, want, got, 1e-5)
	for _, st := range e.steps {
		if st.program != nil {
			t.Errorf("a fused group ran; want the Reshapes read in place")
		}
	}
}
