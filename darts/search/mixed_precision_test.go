package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestMixedPrecisionWeightStep runs one search step with the weight step in bfloat16 and one in
// float32 from the same weights and batches. The α step runs in float32 in both, before the
// weights change, so the validation loss and the new α must be equal bit for bit. The weight
// step differs only by rounding: bfloat16 keeps 8 significant bits (relative error 2^-9 per
// rounding); gradients summed in bfloat16 from a dozen consumers per state and then passed
// through batch-norm backward passes, which cancel most of their magnitude, drift by a few per
// cent at initialisation (measured: update cosine 0.984, norm ratio 0.93 for this network),
// far from the wrong filter gradients of a broken half-precision convolution (cosine 0.89).
// Every variable must still be float32 (the master weights).
func TestMixedPrecisionWeightStep(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	rng := rand.New(rand.NewPCG(5, 6))
	x, y := randomBatch(rng, 16)
	xv, yv := randomBatch(rng, 16)
	type outcome struct {
		result  StepResult
		alphas  [2][]float32
		weights map[string][]float32 // after the step minus before
	}
	run := func(dtype string) outcome {
		cfg := tinyRunConfig(1)
		cfg.ComputeDType = dtype
		s, err := NewSearcher(b, cfg.Net, cfg.Architect(), 7)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Compile(x, y, xv, yv, 0.025); err != nil {
			t.Fatal(err)
		}
		before := weightValues(t, s.Ctx)
		r := runSteps(t, s, 1, x, y, xv, yv)[0]
		delta := weightValues(t, s.Ctx)
		for name, w := range delta {
			for i := range w {
				w[i] -= before[name][i]
			}
		}
		return outcome{r, alphaValues(t, s), delta}
	}
	full, mixed := run("float32"), run("bfloat16")
	if full.result.ValLoss != mixed.result.ValLoss || !slices.Equal(full.alphas[0], mixed.alphas[0]) ||
		!slices.Equal(full.alphas[1], mixed.alphas[1]) {
		t.Fatalf("the α step changed with the weight step's dtype: validation loss %v vs %v", full.result.ValLoss, mixed.result.ValLoss)
	}
	if d := math.Abs(full.result.TrainLoss-mixed.result.TrainLoss) / full.result.TrainLoss; d > 1e-2 || d == 0 {
		t.Errorf("training loss %v in float32, %v in bfloat16: relative difference %g, want in (0, 1e-2]",
			full.result.TrainLoss, mixed.result.TrainLoss, d)
	}
	var dot, nf, nm float64
	for name, f := range full.weights {
		for i, m := range mixed.weights[name] {
			dot += float64(f[i]) * float64(m)
			nf += float64(f[i]) * float64(f[i])
			nm += float64(m) * float64(m)
		}
	}
	cos, ratio := dot/math.Sqrt(nf*nm), math.Sqrt(nm/nf)
	if cos < 0.97 || math.Abs(ratio-1) > 0.1 {
		t.Errorf("weight update in bfloat16 vs float32: cosine %.5f, norm ratio %.4f; want cosine >= 0.97 and ratio within 10%%", cos, ratio)
	}
	t.Logf("weight update, bfloat16 vs float32: cosine %.6f, norm ratio %.5f; training loss %.6f vs %.6f",
		cos, ratio, mixed.result.TrainLoss, full.result.TrainLoss)
}

// weightValues copies every trainable variable outside the α scope, checking it is float32.
func weightValues(t *testing.T, ctx *context.Context) map[string][]float32 {
	t.Helper()
	out := map[string][]float32{}
	for v := range ctx.IterVariables() {
		if !v.Trainable || strings.HasPrefix(v.Scope(), "/"+ArchScope) {
			continue
		}
		if v.Shape().DType != dtypes.Float32 {
			t.Fatalf("variable %s is %s, want float32 master weights", v.ScopeAndName(), v.Shape().DType)
		}
		out[v.ScopeAndName()] = tensors.MustCopyFlatData[float32](v.MustValue())
	}
	return out
}

func TestComputeDTypeValidation(t *testing.T) {
	cfg := tinyRunConfig(1)
	cfg.ComputeDType = "float8"
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), `ComputeDType="float8", want float32, bfloat16 or float16`) {
		t.Fatalf("got %v", err)
	}
}
