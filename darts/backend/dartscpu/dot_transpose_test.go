package dartscpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestProductReadsTransposedOperandsInPlace: a product of transposed operands (h^T·dy and dy·W^T,
// as autodiff builds them, and a batched product whose operand's axes are permuted) runs no
// Transpose step, and its results are those of the pure-Go backend. A permutation that would
// reorder the operand's free axes (and so the output's) is left to the Transpose.
func TestProductReadsTransposedOperandsInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	h, dy, w := randomTensor(rng, 24, 40), randomTensor(rng, 24, 56), randomTensor(rng, 40, 56)
	x3, y3 := randomTensor(rng, 5, 7, 3), randomTensor(rng, 3, 7, 4) // batch over axis 1 of x3
	x4 := randomTensor(rng, 2, 3, 4, 6)
	fn := func(h, dy, w, x3, y3, x4 *Node) []*Node {
		return []*Node{
			MatMul(Transpose(h, 0, 1), dy), // h^T·dy: [40, 56]
			MatMul(dy, Transpose(w, 0, 1)), // dy·W^T: [24, 40]
			// [7, 5, 3]·[7, 3, 4] batched over 7 from operands whose batch axis is their second.
			DotGeneral(TransposeAllDims(x3, 1, 0, 2), []int{2}, []int{0}, TransposeAllDims(y3, 1, 0, 2), []int{1}, []int{0}),
			// Free axes swapped (2 and 3 of x4 read as 3 and 2): the output's order would change.
			DotGeneral(TransposeAllDims(x4, 0, 1, 3, 2), []int{0, 1}, nil, x4, []int{0, 1}, nil),
		}
	}
	args := func() []any {
		var out []any
		for _, x := range []*tensors.Tensor{h, dy, w, x3, y3, x4} {
			out = append(out, must(x.LocalClone()))
		}
		return out
	}
	want := MustExecOnceN(simplego.GetBackend(), fn, args()...)
	b, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	var e *executable
	b.(*cpuBackend).onCompile = func(c *executable) { e = c }
	got := MustExecOnceN(b, fn, args()...)
	transposes := 0
	for _, st := range e.steps {
		if st.native != nil && st.native.name == "Transpose" {
			transposes++
		}
	}
	if transposes != 1 {
		t.Errorf("%d Transpose steps run, want 1 (the one that reorders free axes)", transposes)
	}
	for i := range want {
		a, g := tensors.MustCopyFlatData[float32](want[i]), tensors.MustCopyFlatData[float32](got[i])
		for j := range a {
			if math.Abs(float64(a[j]-g[j])) > 1e-5*math.Max(1, math.Abs(float64(a[j]))) {
				t.Fatalf("output %d element %d: %g, want %g", i, j, g[j], a[j])
			}
		}
	}
}

// TestTransposedProductIsTheSwappedProduct: the transpose of a product that nothing else reads
// (a tied decoder's weight gradient, (hᵀ·dy)ᵀ) runs as the product with its operands swapped, in
// every layout of the operands, with no Transpose step; a product also read as it is keeps its
// Transpose. Values are the pure-Go backend's.
func TestTransposedProductIsTheSwappedProduct(t *testing.T) {
	rng := rand.New(rand.NewPCG(73, 74))
	h, dy, x, w := randomTensor(rng, 16, 40), randomTensor(rng, 16, 56), randomTensor(rng, 40, 16), randomTensor(rng, 56, 16)
	fn := func(h, dy, x, w *Node) []*Node {
		shared := MatMul(x, Transpose(w, 0, 1)) // [40, 56]
		return []*Node{
			Transpose(MatMul(Transpose(h, 0, 1), dy), 0, 1),                 // [56, 40], both operands k-major
			Transpose(MatMul(x, Transpose(w, 0, 1)), 0, 1),                  // [56, 40], both row-major in k
			Transpose(MatMul(Transpose(h, 0, 1), Transpose(w, 0, 1)), 0, 1), // [56, 40]: mixed layouts
			Transpose(shared, 0, 1), shared,
		}
	}
	want := flats(MustExecOnceN(simplego.GetBackend(), fn, clones([]*tensors.Tensor{h, dy, x, w})...))
	got, steps := runCounting(t, "", fn, h, dy, x, w)
	assertClose(t, want, got, 1e-5)
	// w is read in the same layout by two products, so those read it packed.
	if steps["Transpose"] != 1 || steps["DotGeneral"]+steps["DotGeneral/packed B"] != 4 {
		t.Errorf("steps %v: want 4 products and 1 Transpose (of the product also read as it is)", steps)
	}
}
