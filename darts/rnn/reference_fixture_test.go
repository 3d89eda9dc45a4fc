package rnn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// refSteps is testdata/reference_steps.json, written by testdata/reference_steps.py from the
// reference's PyTorch code: every value twice, as the reference computes it (float32) and in
// float64 (the "F64" twins), so that tolerances come from the reference's own rounding.
type refSteps struct {
	Vocab, Hidden, Steps int
	LR                   float64
	Tokens, Targets      [][]int32
	ValTokens            [][]int32 `json:"val_tokens"`
	ValTargets           [][]int32 `json:"val_targets"`
	Hidden0              [][]float32
	ValHidden0           [][]float32    `json:"val_hidden0"`
	SearchInit           map[string]any `json:"search_init"`
	Search               refSearch
	SearchF64            refSearch      `json:"search_f64"`
	EvalBPTT             int            `json:"eval_bptt"`
	EvalInit             map[string]any `json:"eval_init"`
	Eval                 refStep
	EvalF64              refStep `json:"eval_f64"`
	ASGDLens             []int   `json:"asgd_lens"`
	ASGD                 refStep
	ASGDF64              refStep `json:"asgd_f64"`
}

type refSearch struct {
	Loss            float64
	Grads           map[string]any
	AlphaGrad1      any `json:"alpha_grad_1"`
	AlphaGrad2      any `json:"alpha_grad_2"`
	AlphaGrad2Paper any `json:"alpha_grad_2_paper"`
	AlphaGrad2Clip5 any `json:"alpha_grad_2_clip5"` // clip 5: the unclamped coefficient 5/‖∇w‖ > 1
	Step1, Step2    refStep
}

type refStep struct {
	Params    map[string]any
	Averages  map[string]any // ASGD's averaged weights (its "ax")
	Grads     map[string]any
	Loss      float64
	TrainLoss float64 `json:"train_loss"`
	GradNorm  float64 `json:"grad_norm"`
	Hidden    any
	ValHidden any `json:"val_hidden"`
}

func loadRefSteps(t *testing.T) *refSteps {
	t.Helper()
	data, err := os.ReadFile("testdata/reference_steps.json")
	if err != nil {
		t.Fatal(err)
	}
	var r refSteps
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// ourVariable maps a reference parameter or buffer name to our scope and variable name.
func ourVariable(ref string) (scope, name string) {
	switch {
	case ref == "encoder.weight":
		return "/encoder", "weights"
	case ref == "decoder.bias":
		return "/decoder", "biases"
	case ref == "alphas":
		return "/" + ArchScope, "alphas_recurrent"
	case ref == "rnns.0._W0":
		return "/cell", "w0"
	case strings.HasPrefix(ref, "rnns.0._Ws."):
		var i int
		fmt.Sscanf(ref, "rnns.0._Ws.%d", &i)
		return "/cell", fmt.Sprintf("w%d", i+1)
	case strings.HasPrefix(ref, "rnns.0.bn."):
		return "/cell/bn/batchnorm", strings.TrimPrefix(ref, "rnns.0.bn.")
	}
	panic("unknown reference name " + ref)
}

// flat flattens a JSON number or nested list, returning the values and the dimensions.
func flat(v any) ([]float64, []int) {
	switch x := v.(type) {
	case float64:
		return []float64{x}, nil
	case []any:
		var out []float64
		var inner []int
		for _, e := range x {
			f, d := flat(e)
			out, inner = append(out, f...), d
		}
		return out, append([]int{len(x)}, inner...)
	}
	panic(fmt.Sprintf("unexpected JSON value %T", v))
}

func tensorOf(v any) *tensors.Tensor {
	vals, dims := flat(v)
	f := make([]float32, len(vals))
	for i, x := range vals {
		f[i] = float32(x)
	}
	return tensors.FromFlatDataAndDimensions(f, dims...)
}

// setParams writes the reference's parameters (and buffers) into ctx, creating the variables.
func setParams(ctx *context.Context, params map[string]any) {
	for ref, v := range params {
		scope, name := ourVariable(ref)
		if vr := ctx.GetVariableByScopeAndName(scope, name); vr != nil {
			vr.MustSetValue(tensorOf(v))
		} else {
			ctx.InAbsPath(scope).VariableWithValue(name, tensorOf(v)).SetTrainable(!isBuffer(ref))
		}
	}
}

// closeness compares our float32 results with the reference. The bound of each tensor is 10×
// the largest difference between the reference's float32 and float64 runs of the same code (the
// rounding float32 arithmetic carries through that computation: our float32 graph rounds
// differently but no worse), plus 1e-6 of the tensor's largest magnitude (about 8 float32 ulps,
// for tensors that float32 happens to reproduce almost exactly). A wrong sign, scale or batch moves
// values by far more: these bounds are 1e-4 or less of each tensor's magnitude.
type closeness struct {
	t                *testing.T
	name             string
	worstAbs, worstR float64 // largest |ours − reference|, and relative to the tensor's largest magnitude
	lines            []string
}

func (c *closeness) check(what string, ours []float32, ref32, ref64 any) {
	c.t.Helper()
	r32, _ := flat(ref32)
	r64, _ := flat(ref64)
	if len(ours) != len(r64) {
		c.t.Fatalf("%s %s: %d values, the reference %d", c.name, what, len(ours), len(r64))
	}
	var e32, scale, worst float64
	for i, x := range r64 {
		e32 = max(e32, math.Abs(r32[i]-x))
		scale = max(scale, math.Abs(x))
		worst = max(worst, math.Abs(float64(ours[i])-x))
	}
	bound := 10*e32 + 1e-6*scale
	c.worstAbs = max(c.worstAbs, worst)
	c.lines = append(c.lines, fmt.Sprintf("  %s: %.3g (magnitude %.3g, bound %.3g)", what, worst, scale, bound))
	if scale > 0 {
		c.worstR = max(c.worstR, worst/scale)
	}
	if worst > bound {
		c.t.Errorf("%s %s: largest difference from the reference %.3g (of magnitude %.3g), want ≤ %.3g",
			c.name, what, worst, scale, bound)
	}
}

func (c *closeness) scalar(what string, ours, ref32, ref64 float64) {
	c.t.Helper()
	c.check(what, []float32{float32(ours)}, ref32, ref64)
}

func (c *closeness) report() {
	c.t.Logf("%s: largest |ours − reference| %.3g, relative to each tensor's magnitude %.3g\n%s",
		c.name, c.worstAbs, c.worstR, strings.Join(c.lines, "\n"))
}

// checkParams compares every parameter in ctx with the reference's (buffers: see skip).
func (c *closeness) checkParams(ctx *context.Context, ref32, ref64 map[string]any, skip func(string) bool) {
	c.t.Helper()
	names := make([]string, 0, len(ref64))
	for n := range ref64 {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if skip != nil && skip(n) {
			continue
		}
		scope, name := ourVariable(n)
		v := ctx.GetVariableByScopeAndName(scope, name)
		if v == nil {
			c.t.Fatalf("%s: no variable %s/%s for the reference's %s", c.name, scope, name, n)
		}
		c.check(n, tensors.MustCopyFlatData[float32](v.MustValue()), ref32[n], ref64[n])
	}
}
