package optim

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// runSteps applies an optimiser n times to w = [w0, w1] with the fixed gradient of the loss
// Σ g_i·w_i (so the gradient is g, independent of w) and returns the weights after each step.
func runSteps(t *testing.T, n int, update func(ctx *context.Context, v *context.Variable, grad *graph.Node)) [][]float64 {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.New()
	w := ctx.In("model").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float64{1.0, -2.0}, 2))
	exec := context.MustNewExec(b, ctx, func(ctx *context.Context, g *graph.Node) *graph.Node {
		update(ctx, w, g)
		return w.ValueGraph(g.Graph())
	})
	grad := tensors.FromFlatDataAndDimensions([]float64{0.5, 3.0}, 2)
	var out [][]float64
	for i := 0; i < n; i++ {
		res := exec.MustExec(grad)
		out = append(out, tensors.MustCopyFlatData[float64](res[0]))
	}
	return out
}

func assertClose(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s: got %v, want %v", what, got, want)
		}
	}
}

// TestSGDMatchesPyTorch replays torch.optim.SGD(lr, momentum=0.9, weight_decay=3e-4) by hand.
func TestSGDMatchesPyTorch(t *testing.T) {
	const lr, mu, wd = 0.1, 0.9, 3e-4
	got := runSteps(t, 3, func(ctx *context.Context, v *context.Variable, g *graph.Node) {
		SGD{Momentum: mu, WeightDecay: wd}.Update(ctx, []*context.Variable{v}, []*graph.Node{g},
			graph.Scalar(g.Graph(), g.DType(), lr))
	})
	w := []float64{1.0, -2.0}
	grad := []float64{0.5, 3.0}
	buf := []float64{0, 0}
	for step := 0; step < 3; step++ {
		for i := range w {
			d := grad[i] + wd*w[i]
			if step == 0 {
				buf[i] = d // PyTorch: buf = d on the first step
			} else {
				buf[i] = mu*buf[i] + d
			}
			w[i] -= lr * buf[i]
		}
		assertClose(t, "SGD step", got[step], w)
	}
}

// TestAdamMatchesPyTorch replays torch.optim.Adam(lr, betas=(0.5, 0.999), weight_decay=1e-3) —
// L2 added to the gradient, not decoupled — by hand.
func TestAdamMatchesPyTorch(t *testing.T) {
	opt := Adam{LR: 3e-4, Beta1: 0.5, Beta2: 0.999, Epsilon: 1e-8, WeightDecay: 1e-3}
	got := runSteps(t, 3, func(ctx *context.Context, v *context.Variable, g *graph.Node) {
		opt.Update(ctx, []*context.Variable{v}, []*graph.Node{g})
	})
	w := []float64{1.0, -2.0}
	grad := []float64{0.5, 3.0}
	m, s := []float64{0, 0}, []float64{0, 0}
	for step := 1; step <= 3; step++ {
		for i := range w {
			g := grad[i] + opt.WeightDecay*w[i]
			m[i] = opt.Beta1*m[i] + (1-opt.Beta1)*g
			s[i] = opt.Beta2*s[i] + (1-opt.Beta2)*g*g
			bc1 := 1 - math.Pow(opt.Beta1, float64(step))
			bc2 := 1 - math.Pow(opt.Beta2, float64(step))
			denom := math.Sqrt(s[i])/math.Sqrt(bc2) + opt.Epsilon
			w[i] -= opt.LR / bc1 * m[i] / denom
		}
		assertClose(t, "Adam step", got[step-1], w)
	}
}

func TestClipByGlobalNorm(t *testing.T) {
	b, _ := backend.NewCPU("")
	outs := graph.MustExecOnceN(b, func(a, c *graph.Node) []*graph.Node {
		clipped, norm := ClipByGlobalNorm([]*graph.Node{a, c}, 5)
		return append(clipped, norm)
	}, []float64{3, 4}, []float64{12}) // norm 13 > 5: scaled by 5/(13+1e-6)
	coef := 5 / (13 + 1e-6)
	assertClose(t, "clipped a", tensors.MustCopyFlatData[float64](outs[0]), []float64{3 * coef, 4 * coef})
	assertClose(t, "clipped c", tensors.MustCopyFlatData[float64](outs[1]), []float64{12 * coef})
	assertClose(t, "norm", []float64{outs[2].Value().(float64)}, []float64{13})
	small := graph.MustExecOnceN(b, func(a *graph.Node) []*graph.Node {
		clipped, _ := ClipByGlobalNorm([]*graph.Node{a}, 5)
		return clipped
	}, []float64{1, 2})
	assertClose(t, "below the threshold", tensors.MustCopyFlatData[float64](small[0]), []float64{1, 2})
}

func TestCosineLR(t *testing.T) {
	if got := CosineLR(0.025, 0.001, 0, 50); got != 0.025 {
		t.Errorf("epoch 0: %g, want 0.025", got)
	}
	if got := CosineLR(0.025, 0.001, 25, 50); math.Abs(got-0.013) > 1e-12 {
		t.Errorf("half way: %g, want 0.013", got)
	}
	if got := CosineLR(0.025, 0.001, 50, 50); math.Abs(got-0.001) > 1e-15 {
		t.Errorf("end: %g, want 0.001", got)
	}
}
