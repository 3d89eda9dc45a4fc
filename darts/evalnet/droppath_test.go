package evalnet

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestDropPath: each example is either dropped (all zeros) or kept and scaled by 1/(1-p), about
// p of them dropped; p = 0 is the identity.
func TestDropPath(t *testing.T) {
	b := testbackend.CPU(t)
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

// TestDropPathMasksMustMatch: given masks must cover every drop path of the network exactly
// (one DARTS_V2 reduction cell: 5 edges that are not identities), and fit the batch.
func TestDropPathMasksMustMatch(t *testing.T) {
	b := testbackend.CPU(t)
	for _, tc := range []struct {
		masks [][]float32
		want  string
	}{
		{slices.Repeat([][]float32{{1, 0}}, 4), "only 4 drop-path masks given"},
		{slices.Repeat([][]float32{{1, 0}}, 6), "6 drop-path masks given, but the network has 5"},
		{slices.Repeat([][]float32{{1, 0, 1}}, 5), "has 3 entries for a batch of 2"},
	} {
		cfg := Config{Kind: CIFAR, Genotype: builtin(t, "DARTS_V2"), C: 2, Layers: 1, NumClasses: 3, DropPathMasks: tc.masks}
		exec := context.MustNewExec(b, context.New(), func(ctx *context.Context, x, p *graph.Node) *graph.Node {
			ctx.SetTraining(x.Graph(), true)
			logits, _ := cfg.Forward(ctx, x, p)
			return logits
		})
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			exec.MustExec(tensors.FromShape(shapes.Make(dtypes.Float32, 2, 8, 8, 3)), float32(0.2))
			return ""
		}()
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%d masks of %d: panic %q, want one containing %q", len(tc.masks), len(tc.masks[0]), msg, tc.want)
		}
	}
}
