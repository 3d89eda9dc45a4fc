package optim

import (
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestUpdateStacksMatchesUpdate: three steps of SGD (momentum, weight decay) on three [2, 2]
// weights used concatenated (a recorded stack) give exactly the weights and momentum buffers of
// per-variable updates, and GroupWeights groups them only while the stack is current.
func TestUpdateStacksMatchesUpdate(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	sgd := SGD{Momentum: 0.9, WeightDecay: 3e-4}
	run := func(stacked bool) map[string][]float32 {
		ctx := context.New()
		var vars []*context.Variable
		for i, name := range []string{"a", "b", "c"} {
			vars = append(vars, ctx.In("m").VariableWithValue(name, tensors.FromFlatDataAndDimensions(
				[]float32{float32(i) + 0.5, -1, 2, float32(i) * 0.25}, 2, 2)))
		}
		lone := ctx.In("m").VariableWithValue("lone", tensors.FromFlatDataAndDimensions([]float32{1, 2}, 2))
		exec := context.MustNewExec(b, ctx, func(ctx *context.Context, lr *graph.Node) *graph.Node {
			g := lr.Graph()
			parts := make([]*graph.Node, len(vars))
			for i, v := range vars {
				parts[i] = v.ValueGraph(g)
			}
			w := graph.Concatenate(parts, -1) // [2, 6]
			r := graph.Iota(g, w.Shape(), 1)
			loss := graph.Add(graph.ReduceAllSum(graph.Mul(graph.Square(w), r)), graph.ReduceAllSum(graph.Square(lone.ValueGraph(g))))
			all := append(slices.Clone(vars), lone)
			if !stacked {
				sgd.Update(ctx, all, graph.Gradient(loss, append(parts, lone.ValueGraph(g))...), lr)
				return loss
			}
			darts.RecordWeightStack(vars, w)
			stacks := darts.GroupWeights(g, all)
			if len(stacks) != 2 || len(stacks[0].Vars) != 3 || stacks[1].Vars[0] != lone {
				t.Errorf("GroupWeights: %d stacks, want the three stacked and lone", len(stacks))
			}
			values := []*graph.Node{stacks[0].Value, stacks[1].Value}
			sgd.UpdateStacks(ctx, stacks, graph.Gradient(loss, values...), lr)
			// Once the variables have new values, the stack is no longer theirs.
			if again := darts.GroupWeights(g, all); len(again) != 4 {
				t.Errorf("GroupWeights after the update: %d stacks, want 4 single variables", len(again))
			}
			return loss
		})
		for range 3 {
			exec.MustExec(float32(0.1))
		}
		out := map[string][]float32{}
		for v := range ctx.IterVariables() {
			out[v.ScopeAndName()] = tensors.MustCopyFlatData[float32](v.MustValue())
		}
		return out
	}
	want, got := run(false), run(true)
	if len(got) != len(want) || len(want) != 8 {
		t.Fatalf("%d variables stacked, %d per variable, want 8 (4 weights, 4 momentum buffers)", len(got), len(want))
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			t.Errorf("%s: stacked %v, per variable %v", name, got[name], w)
		}
	}
}
