package dartscpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// runCounting runs fn on the darts-cpu backend with config and returns its outputs and how many
// steps of each name the executable ran.
func runCounting[F ExecGraphFn](t *testing.T, config string, fn F, args ...*tensors.Tensor) ([][]float32, map[string]int) {
	t.Helper()
	b, err := New(config)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	var e *executable
	b.(*cpuBackend).onCompile = func(c *executable) { e = c }
	got := MustExecOnceN(b, fn, clones(args)...)
	steps := make(map[string]int)
	for _, st := range e.steps {
		if st.native != nil {
			steps[st.native.name]++
		}
	}
	return flats(got), steps
}

func flats(ts []*tensors.Tensor) [][]float32 {
	out := make([][]float32, len(ts))
	for i, x := range ts {
		out[i] = tensors.MustCopyFlatData[float32](x)
	}
	return out
}

func clones(ts []*tensors.Tensor) []any {
	out := make([]any, len(ts))
	for i, x := range ts {
		out[i] = must(x.LocalClone())
	}
	return out
}

// assertClose compares float32 outputs element by element, relative to max(1, |want|).
func assertClose(t *testing.T, want, got [][]float32, tol float64) {
	t.Helper()
	for i := range want {
		a, g := want[i], got[i]
		for j := range a {
			if math.Abs(float64(a[j]-g[j])) > tol*math.Max(1, math.Abs(float64(a[j]))) {
				t.Fatalf("output %d element %d: %g, want %g", i, j, g[j], a[j])
			}
		}
	}
}

// TestSumOfProductsIsOneProduct: Σₜ hₜᵀ·dyₜ, the gradient of a weight used at every time step,
// runs as one product over the stacked steps, with k-major operands (stacked as blocks) and with
// row-major ones (stacked row by row); its value is the pure-Go backend's. A sum one of whose
// products is also read elsewhere, and a sum of products deeper than dotSumMaxK, are left as
// they are.
func TestSumOfProductsIsOneProduct(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	var args []*tensors.Tensor
	for range 5 { // time steps
		args = append(args, randomTensor(rng, 16, 40), randomTensor(rng, 16, 56), randomTensor(rng, 40, 16), randomTensor(rng, 56, 16))
	}
	deep1, deep2 := randomTensor(rng, dotSumMaxK+1, 8), randomTensor(rng, dotSumMaxK+1, 8)
	args = append(args, deep1, deep2)
	fn := func(in []*Node) []*Node {
		var kMajor, rowMajor *Node
		deep := Add(MatMul(Transpose(in[20], 0, 1), in[21]), MatMul(Transpose(in[21], 0, 1), in[20]))
		for i := 0; i < 20; i += 4 {
			kMajor = addOrSet(kMajor, MatMul(Transpose(in[i], 0, 1), in[i+1]))       // [40, 56]: A and B stored k×m, k×n
			rowMajor = addOrSet(rowMajor, MatMul(in[i+2], Transpose(in[i+3], 0, 1))) // [40, 56]: A m×k, B n×k
		}
		first := MatMul(Transpose(in[0], 0, 1), in[1])
		readTwice := Add(first, MatMul(Transpose(in[4], 0, 1), in[5]))
		return []*Node{kMajor, rowMajor, readTwice, first, deep}
	}
	want := flats(MustExecOnceN(simplego.GetBackend(), fn, clones(args)...))
	got, steps := runCounting(t, "", fn, args...)
	assertClose(t, want, got, 1e-5)
	if steps["DotGeneral/summed over k"] != 2 || steps["DotGeneral"] != 4 {
		t.Errorf("steps %v: want 2 summed products (the two sums) and 4 plain ones (the sum whose term is read twice, the sum of deep products)", steps)
	}
	_, steps = runCounting(t, "no-dot-rewrites", fn, args...)
	if steps["DotGeneral/summed over k"] != 0 {
		t.Errorf("no-dot-rewrites: steps %v, want no summed product", steps)
	}
}

// TestPaddedPiecesAreConcatenated: the gradient of a tensor sliced into pieces along one axis,
// a sum of the pieces' cotangents zero-padded back, runs as one concatenation with no Pad, and
// is bit for bit what the pads and adds give ("no-dot-rewrites"). Pieces that overlap, or that leave part of the axis
// uncovered, are summed as before.
func TestPaddedPiecesAreConcatenated(t *testing.T) {
	rng := rand.New(rand.NewPCG(83, 84))
	x := randomTensor(rng, 7, 3, 5)
	fn := func(x *Node) []*Node {
		var tiled, overlapping *Node
		for i := range 7 {
			piece := Slice(x, AxisElem(i))
			tiled = addOrSet(tiled, Gradient(ReduceAllSum(Mul(piece, piece)), x)[0])
		}
		for _, r := range [][2]int{{0, 4}, {3, 7}} {
			piece := Slice(x, AxisRange(r[0], r[1]))
			overlapping = addOrSet(overlapping, Gradient(ReduceAllSum(Tanh(piece)), x)[0])
		}
		partial := Add(Gradient(ReduceAllSum(Slice(x, AxisRange(0, 2))), x)[0], Gradient(ReduceAllSum(Slice(x, AxisRange(2, 5))), x)[0])
		return []*Node{tiled, overlapping, partial}
	}
	want, plain := runCounting(t, "no-dot-rewrites", fn, x)
	got, steps := runCounting(t, "", fn, x)
	assertClose(t, want, got, 0)
	if steps["Concatenate/sum of pads"] != 1 || steps["Pad"] != 4 || plain["Pad"] != 11 {
		t.Errorf("steps %v (without the rewrite %v): want 1 concatenation (the tiled pieces) and 4 pads (the others)", steps, plain)
	}
}

// TestWeightReadByManyProductsIsPackedOnce: a weight multiplied at every step of an unrolled
// recurrence is packed once and read packed by every product, and the results are bit for bit
// those of the products that read it themselves ("no-dot-rewrites"); an operand read by one
// product is not packed.
func TestWeightReadByManyProductsIsPackedOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(85, 86))
	h0, w, v := randomTensor(rng, 24, 40), randomTensor(rng, 40, 40), randomTensor(rng, 40, 8)
	fn := func(h0, w, v *Node) *Node {
		h := h0
		for range 6 {
			h = Tanh(MatMul(h, w))
		}
		return MatMul(h, v)
	}
	want, plain := runCounting(t, "no-dot-rewrites", fn, h0, w, v)
	got, steps := runCounting(t, "", fn, h0, w, v)
	assertClose(t, want, got, 0)
	if plain["PackB"] != 0 || steps["PackB"] != 1 || steps["DotGeneral/packed B"] != 6 || steps["DotGeneral"] != 1 {
		t.Errorf("steps %v (without the rewrite %v): want one PackB, 6 products reading it and 1 plain one", steps, plain)
	}
}

func addOrSet(sum, x *Node) *Node {
	if sum == nil {
		return x
	}
	return Add(sum, x)
}
