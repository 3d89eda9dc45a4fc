package ops

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestReLUGradientIsPyTorchs: 0 at x <= 0 (GoMLX's Max would give 1 at x == 0).
func TestReLUGradientIsPyTorchs(t *testing.T) {
	b, _ := backend.NewCPU("")
	outs := graph.MustExecOnceN(b, func(x *graph.Node) []*graph.Node {
		y := ReLU(x)
		return []*graph.Node{y, graph.Gradient(graph.ReduceAllSum(y), x)[0]}
	}, []float64{-1, 0, 2})
	y, grad := tensors.MustCopyFlatData[float64](outs[0]), tensors.MustCopyFlatData[float64](outs[1])
	for i, want := range []float64{0, 0, 2} {
		if y[i] != want {
			t.Fatalf("ReLU = %v", y)
		}
	}
	for i, want := range []float64{0, 0, 1} {
		if grad[i] != want {
			t.Fatalf("ReLU gradient = %v, want [0 0 1]", grad)
		}
	}
}

// TestReLUBackwardReadsItsOutput: the gradient of a ReLU is built from its output (which a
// training step keeps for the next convolution anyway), never from an indicator of its input,
// which would have to be saved through the forward pass; the value and gradient stay those of
// x·[x>0] and [x>0], zeros included.
func TestReLUBackwardReadsItsOutput(t *testing.T) {
	b, _ := backend.NewCPU("")
	xs := []float32{-3, -0.5, 0, 0, 1e-30, 0.25, 7, -1e-30}
	outs := graph.MustExecOnceN(b, func(x *graph.Node) []*graph.Node {
		y := ReLU(x)
		c := graph.Add(graph.IotaFull(x.Graph(), x.Shape()), graph.Scalar(x.Graph(), x.DType(), 1))
		grad := graph.Gradient(graph.ReduceAllSum(graph.Mul(y, c)), x)[0]
		// Walk the gradient's ancestors short of y (the forward pass): no comparison reads x.
		seen := map[graph.NodeId]bool{y.Id(): true}
		stack := []*graph.Node{grad}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[n.Id()] {
				continue
			}
			seen[n.Id()] = true
			if n.Type() == graph.NodeTypeGreaterThan && n.Inputs()[0] == x {
				t.Errorf("the gradient compares the input x: %s", n)
			}
			stack = append(stack, n.Inputs()...)
		}
		return []*graph.Node{y, grad}
	}, xs)
	y, grad := tensors.MustCopyFlatData[float32](outs[0]), tensors.MustCopyFlatData[float32](outs[1])
	for i, x := range xs {
		wantY, wantGrad := float32(0), float32(0)
		if x > 0 {
			wantY, wantGrad = x, float32(i+1)
		}
		if y[i] != wantY || grad[i] != wantGrad {
			t.Errorf("x=%g: ReLU %g, gradient %g; want %g, %g", x, y[i], grad[i], wantY, wantGrad)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, name := range append(append([]string{}, Primitives...), "sep_conv_7x7", "conv_7x1_1x7") {
		if _, err := Lookup(name); err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
		}
	}
	if _, err := Lookup("conv_9x9"); err == nil || !strings.Contains(err.Error(), "conv_9x9") {
		t.Errorf("unknown op: got %v", err)
	}
}

// TestEveryOpKeepsOrHalvesShape builds each op at stride 1 and 2 on an 8×8 input and checks the
// output shape (C channels; halved spatial size at stride 2).
func TestEveryOpKeepsOrHalvesShape(t *testing.T) {
	b, _ := backend.NewCPU("")
	for _, name := range Names() {
		for _, stride := range []int{1, 2} {
			ctx := context.New()
			g := graph.NewGraph(b, "shape")
			x := graph.Parameter(g, "x", shapes.Make(DType, 2, 8, 8, 6))
			build, _ := Lookup(name)
			y := build(ctx.In(name), x, 6, stride, false)
			want := shapes.Make(DType, 2, 8/stride, 8/stride, 6)
			if !y.Shape().Equal(want) {
				t.Errorf("%s stride %d: shape %s, want %s", name, stride, y.Shape(), want)
			}
			g.Finalize()
		}
	}
}

// TestOnReLUIsTheOpAfterItsReLU: for every operation with an OnReLU builder, that builder on
// ReLU(x) gives, bit for bit, the operation on x (same weights, training batch norms), at
// strides 1 and 2 (skip_connect only at 2, where it is FactorizedReduce); and the pools, which do
// not begin with a ReLU, have none.
func TestOnReLUIsTheOpAfterItsReLU(t *testing.T) {
	b, _ := backend.NewCPU("")
	x := make([]float32, 2*8*8*6)
	for i := range x {
		x[i] = float32(math.Sin(float64(i)))
	}
	for _, name := range Names() {
		build, _ := Lookup(name)
		for _, stride := range []int{1, 2} {
			on, ok := OnReLUAt(name, stride)
			if !ok {
				if strings.HasPrefix(name, "sep_conv") || strings.HasPrefix(name, "dil_conv") ||
					(name == "skip_connect" && stride == 2) {
					t.Errorf("%s at stride %d has no OnReLU builder", name, stride)
				}
				continue
			}
			exec := context.MustNewExec(b, context.New(), func(ctx *context.Context, x *graph.Node) []*graph.Node {
				ctx.SetTraining(x.Graph(), true)
				return []*graph.Node{build(ctx.In(name), x, 6, stride, false), on(ctx.In(name).Reuse(), ReLU(x), 6, stride, false)}
			})
			out := exec.MustExec(tensors.FromFlatDataAndDimensions(x, 2, 8, 8, 6))
			if !slices.Equal(tensors.MustCopyFlatData[float32](out[0]), tensors.MustCopyFlatData[float32](out[1])) {
				t.Errorf("%s stride %d: OnReLU on ReLU(x) differs from the operation on x", name, stride)
			}
		}
	}
}

// TestFactorizedReduceReLUIsPyTorchs: skip_connect at stride 2 (FactorizedReduce) begins with a
// ReLU whose gradient is PyTorch's, 0 where the input is exactly 0 (GoMLX's max(x, 0) passes it).
func TestFactorizedReduceReLUIsPyTorchs(t *testing.T) {
	b, _ := backend.NewCPU("")
	x := make([]float32, 2*4*4*3)
	for i := range x {
		if i%3 != 0 { // every third input exactly 0
			x[i] = float32(math.Sin(float64(i)))
		}
	}
	exec := context.MustNewExec(b, context.New(), func(ctx *context.Context, x *graph.Node) *graph.Node {
		ctx.SetTraining(x.Graph(), true)
		y := FactorizedReduce(ctx, x, 4, false)
		c := graph.Sin(graph.IotaFull(x.Graph(), y.Shape()))
		return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, c)), x)[0]
	})
	grad := tensors.MustCopyFlatData[float32](exec.MustExec(tensors.FromFlatDataAndDimensions(x, 2, 4, 4, 3))[0])
	nonzero := 0
	for i, g := range grad {
		if x[i] <= 0 && g != 0 {
			t.Errorf("input %d = %g: gradient %g, want 0", i, x[i], g)
		}
		if g != 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Fatal("every gradient is 0: the test checks nothing")
	}
}
