package dartscpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// bnRef is batch norm in training mode by definition, visiting elements by multi-index.
func bnRef(x, scale, offset []float64, dims []int, axis int, eps float64) (y, mean, variance []float64) {
	c := dims[axis]
	feature := func(i int) int {
		for a := len(dims) - 1; a > axis; a-- {
			i /= dims[a]
		}
		return i % c
	}
	n := float64(len(x) / c)
	mean, variance = make([]float64, c), make([]float64, c)
	for i, v := range x {
		mean[feature(i)] += v / n
	}
	for i, v := range x {
		d := v - mean[feature(i)]
		variance[feature(i)] += d * d / n
	}
	y = make([]float64, len(x))
	for i, v := range x {
		f := feature(i)
		y[i] = (v-mean[f])/math.Sqrt(variance[f]+eps)*scale[f] + offset[f]
	}
	return y, mean, variance
}

func randFloats(rng *rand.Rand, n int, shift float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64() + shift
	}
	return v
}

func flat64(t *testing.T, x *tensors.Tensor) []float64 {
	t.Helper()
	switch x.DType() {
	case dtypes.Float32:
		f := tensors.MustCopyFlatData[float32](x)
		out := make([]float64, len(f))
		for i, v := range f {
			out[i] = float64(v)
		}
		return out
	case dtypes.Float64:
		return tensors.MustCopyFlatData[float64](x)
	}
	t.Fatalf("unexpected dtype %s", x.DType())
	return nil
}

func requireNear(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %.12g, want %.12g", what, i, got[i], want[i])
		}
	}
}

func tensorOf(dtype dtypes.DType, v []float64, dims ...int) *tensors.Tensor {
	if dtype == dtypes.Float32 {
		f := make([]float32, len(v))
		for i, x := range v {
			f[i] = float32(x)
		}
		return tensors.FromFlatDataAndDimensions(f, dims...)
	}
	return tensors.FromFlatDataAndDimensions(append([]float64(nil), v...), dims...)
}

var bnGraphCases = []struct {
	dims []int
	axis int
}{{[]int{2, 3, 4, 5}, 3}, {[]int{2, 3, 4, 5}, 1}, {[]int{3, 4}, 0}}

func TestBatchNormForTrainingGraph(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	backend := newTestCPU(t)
	for _, tc := range bnGraphCases {
		for _, dtype := range []dtypes.DType{dtypes.Float64, dtypes.Float32} {
			t.Run(fmt.Sprintf("%v/axis%d/%s", tc.dims, tc.axis, dtype), func(t *testing.T) {
				c := tc.dims[tc.axis]
				x := randFloats(rng, shapes.Make(dtype, tc.dims...).Size(), 3)
				scale, offset := randFloats(rng, c, 0), randFloats(rng, c, 0)
				outs := graph.MustExecOnceN(backend, func(x, scale, offset *graph.Node) []*graph.Node {
					y, mean, variance := graph.InternalBatchNormForTraining(x, scale, offset, 1e-3, tc.axis)
					return []*graph.Node{y, mean, variance}
				}, tensorOf(dtype, x, tc.dims...), tensorOf(dtype, scale, c), tensorOf(dtype, offset, c))
				wantY, wantMean, wantVar := bnRef(x, scale, offset, tc.dims, tc.axis, float64(float32(1e-3)))
				tol := 1e-12
				if dtype == dtypes.Float32 {
					tol = 1e-5
				}
				requireNear(t, "y", flat64(t, outs[0]), wantY, tol)
				requireNear(t, "mean", flat64(t, outs[1]), wantMean, tol)
				requireNear(t, "variance", flat64(t, outs[2]), wantVar, tol)
				if !outs[1].Shape().Equal(shapes.Make(dtype, c)) || !outs[2].Shape().Equal(shapes.Make(dtype, c)) {
					t.Fatalf("statistics shapes %s, %s, want [%d] %s", outs[1].Shape(), outs[2].Shape(), c, dtype)
				}
			})
		}
	}
}

// TestBatchNormGradientGraph differentiates Σ w·y through GoMLX's autodiff (which emits our
// BatchNormGradient) and compares with central differences of the reference forward.
func TestBatchNormGradientGraph(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	backend := newTestCPU(t)
	const eps = float64(float32(1e-3))
	for _, tc := range bnGraphCases {
		t.Run(fmt.Sprintf("%v/axis%d", tc.dims, tc.axis), func(t *testing.T) {
			c := tc.dims[tc.axis]
			size := shapes.Make(dtypes.Float64, tc.dims...).Size()
			x, w := randFloats(rng, size, 1), randFloats(rng, size, 0)
			scale, offset := randFloats(rng, c, 0), randFloats(rng, c, 0)
			outs := graph.MustExecOnceN(backend, func(x, scale, offset, w *graph.Node) []*graph.Node {
				y, _, _ := graph.InternalBatchNormForTraining(x, scale, offset, float32(eps), tc.axis)
				return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, w)), x, scale, offset)
			}, tensorOf(dtypes.Float64, x, tc.dims...), tensorOf(dtypes.Float64, scale, c),
				tensorOf(dtypes.Float64, offset, c), tensorOf(dtypes.Float64, w, tc.dims...))
			loss := func() float64 {
				y, _, _ := bnRef(x, scale, offset, tc.dims, tc.axis, eps)
				var l float64
				for i := range y {
					l += w[i] * y[i]
				}
				return l
			}
			numeric := func(v []float64) []float64 {
				g := make([]float64, len(v))
				for i := range v {
					old := v[i]
					v[i] = old + 1e-6
					up := loss()
					v[i] = old - 1e-6
					g[i] = (up - loss()) / 2e-6
					v[i] = old
				}
				return g
			}
			requireNear(t, "dx", flat64(t, outs[0]), numeric(x), 1e-6)
			requireNear(t, "dscale", flat64(t, outs[1]), numeric(scale), 1e-6)
			requireNear(t, "doffset", flat64(t, outs[2]), numeric(offset), 1e-6)
		})
	}
}

func TestBatchNormForInferenceGraph(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	dims, axis, c := []int{2, 3, 4}, 1, 3
	x := randFloats(rng, 24, 0)
	scale, offset, mean := randFloats(rng, c, 0), randFloats(rng, c, 0), randFloats(rng, c, 0)
	variance := []float64{0.5, 1, 2}
	got := graph.MustExecOnce(newTestCPU(t), func(x, scale, offset, mean, variance *graph.Node) *graph.Node {
		return graph.InternalBatchNormForInference(x, scale, offset, mean, variance, 1e-3, axis)
	}, tensorOf(dtypes.Float32, x, dims...), tensorOf(dtypes.Float32, scale, c), tensorOf(dtypes.Float32, offset, c),
		tensorOf(dtypes.Float32, mean, c), tensorOf(dtypes.Float32, variance, c))
	want := make([]float64, len(x))
	for i, v := range x {
		f := (i / 4) % c
		want[i] = (v-mean[f])/math.Sqrt(variance[f]+float64(float32(1e-3)))*scale[f] + offset[f]
	}
	requireNear(t, "y", flat64(t, got), want, 1e-5)
}

// TestBatchNormValidation checks the builder rejects bad operands with an error naming the problem.
func TestBatchNormValidation(t *testing.T) {
	b := newTestCPU(t).Builder("bn")
	param := func(name string, dtype dtypes.DType, dims ...int) backends.Op {
		op, err := b.Parameter(name, shapes.Make(dtype, dims...), nil)
		if err != nil {
			t.Fatal(err)
		}
		return op
	}
	x := param("x", dtypes.Float32, 2, 3, 4)
	c4, c3 := param("c4", dtypes.Float32, 4), param("c3", dtypes.Float32, 3)
	c4f64 := param("c4f64", dtypes.Float64, 4)
	xi := param("xi", dtypes.Int32, 2, 3, 4)
	other := param("other", dtypes.Float32, 2, 3, 5)
	for _, tc := range []struct {
		name, want string
		call       func() error
	}{
		{"axis", "feature axis 3 out of range", func() error {
			_, _, _, err := b.BatchNormForTraining(x, c4, c4, 1e-5, 3)
			return err
		}},
		{"scale size", "scale must be [4] Float32", func() error {
			_, _, _, err := b.BatchNormForTraining(x, c3, c4, 1e-5, 2)
			return err
		}},
		{"offset dtype", "offset must be [4] Float32", func() error {
			_, _, _, err := b.BatchNormForTraining(x, c4, c4f64, 1e-5, 2)
			return err
		}},
		{"int operand", "must be float32 or float64", func() error {
			_, err := b.BatchNormForInference(xi, c4, c4, c4, c4, 1e-5, 2)
			return err
		}},
		{"variance", "variance must be [4] Float32", func() error {
			_, err := b.BatchNormForInference(x, c4, c4, c4, c3, 1e-5, 2)
			return err
		}},
		{"gradOutput", "gradOutput must have the operand's shape", func() error {
			_, _, _, err := b.BatchNormGradient(x, c4, c4, c4, other, 1e-5, 2)
			return err
		}},
	} {
		err := tc.call()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestBatchNormCapabilities: darts/nn takes its native batch norm path only when these are set.
func TestBatchNormCapabilities(t *testing.T) {
	ops := newTestCPU(t).Capabilities().Operations
	for _, op := range []backends.OpType{backends.OpTypeBatchNormForTraining, backends.OpTypeBatchNormForInference,
		backends.OpTypeBatchNormGradient} {
		if !ops[op] {
			t.Errorf("darts-cpu does not report %s", op)
		}
	}
}
