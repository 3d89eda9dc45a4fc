package rnn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// golden is testdata/golden.json: the reference implementation's outputs (PyTorch, eval mode) on
// tiny models with fixed weights; testdata/golden.py writes it.
type golden struct {
	Vocab, Hidden int
	Tokens        [][]int32
	Hidden0       [][]float32
	Derived       goldenModel
	Search        goldenModel
}

type goldenModel struct {
	Params   map[string]any
	LogProbs [][][]float64 `json:"log_probs"`
	Hidden   [][]float64
	Alphas   [][]float32
}

// matrix converts a JSON nested list of numbers to a float32 tensor.
func matrix(t *testing.T, v any) *tensors.Tensor {
	rows := v.([]any)
	if _, ok := rows[0].([]any); !ok {
		flat := make([]float32, len(rows))
		for i, x := range rows {
			flat[i] = float32(x.(float64))
		}
		return tensors.FromFlatDataAndDimensions(flat, len(flat))
	}
	var flat []float32
	for _, r := range rows {
		for _, x := range r.([]any) {
			flat = append(flat, float32(x.(float64)))
		}
	}
	return tensors.FromFlatDataAndDimensions(flat, len(rows), len(flat)/len(rows))
}

// TestForwardMatchesReference loads the reference's weights into our model and compares the
// log-probabilities and final hidden state, for the published DARTS cell and for the search cell
// (random α; batch norm at its initial running statistics, as in the reference's eval mode).
func TestForwardMatchesReference(t *testing.T) {
	data, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var gd golden
	if err := json.Unmarshal(data, &gd); err != nil {
		t.Fatal(err)
	}
	b := testbackend.CPU(t)
	for _, tc := range []struct {
		name string
		cfg  Config
		m    goldenModel
	}{
		{"derived DARTS cell", Config{Vocab: gd.Vocab, Hidden: gd.Hidden, Genotype: ptr(dartsCell(t))}, gd.Derived},
		{"search cell", Config{Vocab: gd.Vocab, Hidden: gd.Hidden, Steps: 8}, gd.Search},
	} {
		ctx := context.New().Checked(false)
		set := func(scope, name string, v *tensors.Tensor) {
			ctx.InAbsPath(scope).VariableWithValue(name, v)
		}
		set("/encoder", "weights", matrix(t, tc.m.Params["encoder.weight"]))
		set("/decoder", "biases", matrix(t, tc.m.Params["decoder.bias"]))
		set("/cell", "w0", matrix(t, tc.m.Params["rnns.0._W0"]))
		for i := range 8 {
			set("/cell", fmt.Sprintf("w%d", i+1), matrix(t, tc.m.Params[fmt.Sprintf("rnns.0._Ws.%d", i)]))
		}
		if tc.m.Alphas != nil {
			var flat []float32
			for _, r := range tc.m.Alphas {
				flat = append(flat, r...)
			}
			set("/"+ArchScope, "alphas_recurrent", tensors.FromFlatDataAndDimensions(flat, len(tc.m.Alphas), len(tc.m.Alphas[0])))
		}
		exec := context.MustNewExec(b, ctx, func(ctx *context.Context, tokens, hidden *graph.Node) []*graph.Node {
			out := tc.cfg.Forward(ctx, tokens, hidden)
			return []*graph.Node{out.LogProbs, out.Hidden}
		})
		outs := exec.MustExec(gd.Tokens, gd.Hidden0)
		logProbs := outs[0].Value().([][][]float32)
		hidden := outs[1].Value().([][]float32)
		var worst float64
		for i := range tc.m.LogProbs {
			for j := range tc.m.LogProbs[i] {
				for k, want := range tc.m.LogProbs[i][j] {
					worst = max(worst, math.Abs(float64(logProbs[i][j][k])-want))
				}
			}
		}
		for i := range tc.m.Hidden {
			for j, want := range tc.m.Hidden[i] {
				worst = max(worst, math.Abs(float64(hidden[i][j])-want)/max(1, math.Abs(want)))
			}
		}
		if worst > 1e-4 {
			t.Errorf("%s: largest difference from the reference %.2g (want < 1e-4)", tc.name, worst)
		} else {
			t.Logf("%s: largest difference from the reference %.2g", tc.name, worst)
		}
	}
}

func ptr[T any](v T) *T { return &v }
