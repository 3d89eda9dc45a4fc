package dartscpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// elementwiseMix exercises the fusion pass: full operands, scalars, per-channel and per-row
// broadcasts, reshapes, comparisons, bools, Where, conversions, and values needed both inside and
// outside a group (the ReduceSum reads an intermediate).
func elementwiseMix(x, c, r *Node) []*Node {
	g := x.Graph()
	n, h, w, ch := x.Shape().Dimensions[0], x.Shape().Dimensions[1], x.Shape().Dimensions[2], x.Shape().Dimensions[3]
	perChannel := BroadcastToDims(Reshape(c, 1, 1, 1, ch), n, h, w, ch) // [C] → NHWC: inner pattern
	perRow := BroadcastToDims(Reshape(r, n, 1, 1, 1), n, h, w, ch)      // [N] → NHWC: outer pattern
	y := Add(Mul(x, perChannel), perRow)
	y = Sub(y, Scalar(g, x.DType(), 0.5))
	mask := GreaterThan(y, ZerosLike(y))
	relu := Mul(y, ConvertDType(mask, x.DType()))
	soft := Div(Exp(Neg(Abs(y))), AddScalar(Sqrt(Square(y)), 1))
	sel := Where(mask, Tanh(y), Logistic(y))
	flat := Reshape(Add(relu, soft), n*h, w*ch)
	rowSum := ReduceSum(flat, 1) // a reduction reading a fused value
	back := Mul(flat, BroadcastToDims(Reshape(rowSum, n*h, 1), n*h, w*ch))
	return []*Node{Reshape(back, n, h, w, ch), sel, Max(y, sel), Min(y, Neg(sel)), ConvertDType(mask, x.DType()), rowSum}
}

func TestFusionMatchesUnfused(t *testing.T) {
	for _, f64 := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(11, 12))
		dims := []int{3, 5, 7, 6} // not a multiple of the block size; large enough for two workers below
		if f64 {
			dims = []int{4, 33, 34, 16}
		}
		mk := func(dims ...int) *tensors.Tensor {
			n := 1
			for _, d := range dims {
				n *= d
			}
			if f64 {
				flat := make([]float64, n)
				for i := range flat {
					flat[i] = rng.NormFloat64()
				}
				return tensors.FromFlatDataAndDimensions(flat, dims...)
			}
			flat := make([]float32, n)
			for i := range flat {
				flat[i] = float32(rng.NormFloat64())
			}
			return tensors.FromFlatDataAndDimensions(flat, dims...)
		}
		x, c, r := mk(dims...), mk(dims[3]), mk(dims[0])
		run := func(config string) []*tensors.Tensor {
			b, err := New(config)
			if err != nil {
				t.Fatal(err)
			}
			exec := MustNewExec(b, elementwiseMix)
			return exec.MustExec(must(x.LocalClone()), must(c.LocalClone()), must(r.LocalClone()))
		}
		fused, plain := run(""), run("no-fusion")
		for i := range fused {
			a, b := toF64(fused[i]), toF64(plain[i])
			for j := range a {
				if math.Abs(a[j]-b[j]) > 1e-5*math.Max(1, math.Abs(b[j])) {
					t.Fatalf("f64=%v output %d element %d: fused %g, unfused %g", f64, i, j, a[j], b[j])
				}
			}
		}
	}
}

func toF64(t *tensors.Tensor) []float64 {
	switch t.DType().GoType().Kind().String() {
	case "float64":
		return tensors.MustCopyFlatData[float64](t)
	}
	f := tensors.MustCopyFlatData[float32](t)
	out := make([]float64, len(f))
	for i, v := range f {
		out[i] = float64(v)
	}
	return out
}

// TestFusionGroupsElementwiseOps checks that the DARTS-style chain compiles into few fused groups
// and no pure-Go segment work for its elementwise ops.
func TestFusionGroupsElementwiseOps(t *testing.T) {
	b := newTestCPU(t)
	builder := b.Builder("fusion").(*graphBuilder)
	stats := compileStats(t, builder, func(bb backends.Builder) []backends.Op {
		x, _ := bb.Parameter("x", mustShape(t, 4, 8), nil)
		y, _ := bb.Neg(x)
		z, _ := bb.Mul(y, x)
		w, _ := bb.Exp(z)
		s, _ := bb.ReduceSum(w, 1)
		return []backends.Op{s, w}
	})
	if stats.FusedGroups != 1 || stats.FusedOps != 3 || stats.SegmentOps != 0 {
		t.Fatalf("want one fused group of 3 ops and no segment ops, got %+v", stats)
	}
}

// TestFillPatternReadsEachElementsSource: a fused program's operand block k of a pattern holds
// src[((start+k)/stride) % m] for every pattern (scalars, full, per-channel, per-sample runs),
// block start and block length, bools as 0/1.
func TestFillPatternReadsEachElementsSource(t *testing.T) {
	for _, p := range []pattern{{1, 1}, {1, 7}, {1, 512}, {3, 5}, {36, 32}, {700, 3}, {2, 2}, {512, 4}, {1000, 1}} {
		src := make([]float32, p.m)
		bools := make([]bool, p.m)
		for i := range src {
			src[i] = float32(i + 1)
			bools[i] = i%3 == 1
		}
		for _, start := range []int{0, 1, 35, 36, 511, 512, 1537, 70000} {
			for _, n := range []int{1, 17, 512} {
				got, gotBool := make([]float32, n), make([]float32, n)
				fillPattern(got, src, p, start)
				fillBool(gotBool, bools, p, start)
				for k := range got {
					idx := ((start + k) / p.stride) % p.m
					if got[k] != src[idx] || gotBool[k] != b2f[float32](bools[idx]) {
						t.Fatalf("pattern %+v, start %d, n %d: element %d = %g, %g; want %g, %g",
							p, start, n, k, got[k], gotBool[k], src[idx], b2f[float32](bools[idx]))
					}
				}
			}
		}
	}
}
