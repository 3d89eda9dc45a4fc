package dartscpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func newTestCPU(t testing.TB) backends.Backend {
	t.Helper()
	b, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func randomTensor(rng *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	flat := make([]float32, n)
	for i := range flat {
		flat[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(flat, dims...)
}

func maxAbsDiff(t *testing.T, a, b *tensors.Tensor) float64 {
	t.Helper()
	if !a.Shape().Equal(b.Shape()) {
		t.Fatalf("shapes differ: %s vs %s", a.Shape(), b.Shape())
	}
	fa, fb := tensors.MustCopyFlatData[float32](a), tensors.MustCopyFlatData[float32](b)
	worst := 0.0
	for i := range fa {
		worst = math.Max(worst, math.Abs(float64(fa[i]-fb[i])))
	}
	return worst
}

// TestConvForwardMatchesStock compares our conv path with the stock pure-Go backend's forward.
func TestConvForwardMatchesStock(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, w := randomTensor(rng, 2, 9, 9, 3), randomTensor(rng, 3, 3, 3, 4)
	fn := func(x, w *Node) *Node {
		return Convolve(x, w).StridePerAxis(2, 2).PaddingPerDim([][2]int{{1, 1}, {1, 1}}).Done()
	}
	ours := MustExecOnce(newTestCPU(t), fn, must(x.LocalClone()), must(w.LocalClone()))
	stock := MustExecOnce(simplego.GetBackend(), fn, must(x.LocalClone()), must(w.LocalClone()))
	if d := maxAbsDiff(t, ours, stock); d > 1e-4 {
		t.Fatalf("conv forward differs from the stock backend by %g", d)
	}
}

// TestConvGradientRuns checks that gradients through conv inputs, slices and max pools work
// (the stock backend fails on these: Reverse, Pad and SelectAndScatterMax).
func TestConvGradientRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x, w := randomTensor(rng, 2, 8, 8, 3), randomTensor(rng, 3, 3, 3, 4)
	outs := MustExecOnceN(newTestCPU(t), func(x, w *Node) []*Node {
		y := Convolve(x, w).PadSame().Done()
		y = Slice(y, AxisRange(), AxisRange(1, 7), AxisRange(1, 7))
		y = MaxPool(y).Window(2).Done()
		loss := ReduceAllSum(Square(y))
		return Gradient(loss, x, w)
	}, x, w)
	if !outs[0].Shape().Equal(shapes.Make(x.DType(), 2, 8, 8, 3)) || !outs[1].Shape().Equal(w.Shape()) {
		t.Fatalf("gradient shapes %s, %s", outs[0].Shape(), outs[1].Shape())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func mustShape(t *testing.T, dims ...int) shapes.Shape {
	t.Helper()
	return shapes.Make(dtypes.Float32, dims...)
}

// compileStats builds a computation directly on a builder and returns its schedule statistics.
func compileStats(t *testing.T, b *graphBuilder, build func(backends.Builder) []backends.Op) execStats {
	t.Helper()
	exec, err := b.Compile(build(b), nil)
	if err != nil {
		t.Fatal(err)
	}
	return exec.(*executable).Stats()
}

// TestPointwiseFilterGradient: the weight gradient of a 1×1 convolution (a matrix product xᵀ·r
// on the data as it lies, see pointwiseFilterGradient) equals the sum written out, and the
// schedule runs it as that one kernel.
func TestPointwiseFilterGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x, w, r := randomTensor(rng, 3, 5, 4, 6), randomTensor(rng, 1, 1, 6, 7), randomTensor(rng, 3, 5, 4, 7)
	EnableProfile(true)
	defer EnableProfile(false)
	got := MustExecOnce(newTestCPU(t), func(x, w, r *Node) *Node {
		return Gradient(ReduceAllSum(Mul(Convolve(x, w).Done(), r)), w)[0]
	}, x, w, r)
	xs, rs := tensors.MustCopyFlatData[float32](x), tensors.MustCopyFlatData[float32](r)
	want := make([]float64, 6*7)
	for m := range 3 * 5 * 4 {
		for c := range 6 {
			for co := range 7 {
				want[c*7+co] += float64(xs[m*6+c]) * float64(rs[m*7+co])
			}
		}
	}
	for i, g := range tensors.MustCopyFlatData[float32](got) {
		if math.Abs(float64(g)-want[i]) > 1e-4 {
			t.Fatalf("dW[%d] = %g, want %g", i, g, want[i])
		}
	}
	ran := false
	for _, e := range Profile() {
		ran = ran || e.Name == "ConvGeneral/pointwise-filter-grad"
	}
	if !ran {
		t.Errorf("the filter gradient did not run as a pointwise-filter-grad step: %v", Profile())
	}
}
