package evalnet

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestDropPath: each example is either dropped (all zeros) or kept and scaled by 1/(1-p), about
// p of them dropped; p = 0 is the identity.
func TestDropPath(t *testing.T) {
	b := cpu(t)
	const n, size = 2000, 6
	x := make([]float32, n*size)
	for i := range x {
		x[i] = float32(i%7) + 1
	}
	ctx := context.New()
	exec := context.MustNewExec(b, ctx, func(ctx *context.Context, x, p *graph.Node) *graph.Node {
		return DropPath(ctx, x, p)
	})
	for _, p := range []float32{0, 0.3} {
		out := tensors.MustCopyFlatData[float32](exec.MustExec(tensors.FromFlatDataAndDimensions(x, n, 1, 2, 3), p)[0])
		dropped := 0
		for i := range n {
			ex, in := out[i*size:(i+1)*size], x[i*size:(i+1)*size]
			if ex[0] == 0 {
				dropped++
			}
			for j := range ex {
				kept := math.Abs(float64(ex[j])-float64(in[j])/(1-float64(p))) < 1e-5
				if !(kept || (ex[0] == 0 && ex[j] == 0)) {
					t.Fatalf("p=%g: example %d is %v, neither dropped nor %v/(1-p)", p, i, ex, in)
				}
			}
		}
		// Binomial(2000, 0.3): standard deviation ≈ 20.5; allow 5σ.
		if want := float64(p) * n; math.Abs(float64(dropped)-want) > 5*math.Sqrt(n*float64(p)*(1-float64(p)))+0.5 {
			t.Errorf("p=%g: %d of %d examples dropped, want about %.0f", p, dropped, n, want)
		}
	}
}
