package ops

import (
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/internal/asxla"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestSharedBatchNormIsEachOwners: SharedBatchNorm over owners a and b (b's running statistics
// starting elsewhere) gives, bit for bit, what BatchNorm(a) and BatchNorm(b) give on the same
// input: the same output in training, each owner's running statistics moved from its own old
// values, and in evaluation each owner's own normalisation; on darts-cpu's graph and on XLA's
// (run on darts-cpu under XLA's name).
func TestSharedBatchNormIsEachOwners(t *testing.T) {
	inputs := [][]float32{{1, 10, 3, -2, 0.5, 4}, {-1, 7, 2, 2, 5, 1}} // [3, 1, 1, 2] NHWC
	cpu, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	xla, err := asxla.New()
	if err != nil {
		t.Fatal(err)
	}
	owners := []string{"a", "b"}
	newCtx := func() *context.Context {
		ctx := context.New().Checked(false)
		bn := ctx.In("b").In("batchnorm")
		bn.VariableWithValue("running_mean", []float32{5, -3}).SetTrainable(false)
		bn.VariableWithValue("running_var", []float32{2, 0.5}).SetTrainable(false)
		return ctx
	}
	run := func(b backends.Backend, ctx *context.Context, training, shared bool, in []float32) [][]float32 {
		exec := context.MustNewExec(b, ctx, func(ctx *context.Context, x *graph.Node) []*graph.Node {
			ctx.SetTraining(x.Graph(), training)
			ctxs := []*context.Context{ctx.In(owners[0]), ctx.In(owners[1])}
			if shared {
				return SharedBatchNorm(ctxs, x)
			}
			return []*graph.Node{BatchNorm(ctxs[0], x, false), BatchNorm(ctxs[1], x, false)}
		})
		var out [][]float32
		for _, o := range exec.MustExec(tensors.FromFlatDataAndDimensions(in, 3, 1, 1, 2)) {
			out = append(out, tensors.MustCopyFlatData[float32](o))
		}
		return out
	}
	for _, b := range []backends.Backend{cpu, xla} {
		shared, separate := newCtx(), newCtx()
		var got, want [][]float32
		for _, in := range inputs {
			got, want = run(b, shared, true, true, in), run(b, separate, true, false, in)
			if !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
				t.Errorf("%s: training outputs %v, separate batch norms' %v", b.Name(), got, want)
			}
		}
		for _, owner := range owners {
			for _, name := range []string{"running_mean", "running_var"} {
				g := tensors.MustCopyFlatData[float32](shared.GetVariableByScopeAndName("/"+owner+"/batchnorm", name).MustValue())
				w := tensors.MustCopyFlatData[float32](separate.GetVariableByScopeAndName("/"+owner+"/batchnorm", name).MustValue())
				if !slices.Equal(g, w) {
					t.Errorf("%s: %s's %s = %v, its own batch norm's %v", b.Name(), owner, name, g, w)
				}
			}
		}
		got, want = run(b, shared, false, true, inputs[0]), run(b, separate, false, false, inputs[0])
		if !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) || slices.Equal(got[0], got[1]) {
			t.Errorf("%s: evaluation outputs %v, want each owner's own %v (and different)", b.Name(), got, want)
		}
	}
}
