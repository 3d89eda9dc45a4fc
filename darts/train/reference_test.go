package train

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Tolerances, from float32: both sides compute in float32 (ε ≈ 6e-8) but sum in different
// orders (im2col GEMMs and depthwise loops here, MKL-DNN there) through 4 cells of sep/dil convs,
// each ending in a batch norm over as few as 4 values (the auxiliary head's after its 1×1-output
// conv), whose division by a small batch deviation amplifies rounding differences by its 1/σ.
// Errors are measured relative to each tensor's largest magnitude, since many gradient entries
// are near-cancellations of much larger terms; for gradients and momentum buffers the scale is at
// least 1e-3·‖∇‖, because some gradients are zero in exact arithmetic (a batch norm's shift
// followed by another batch norm) and only rounding noise on both sides. 2e-4 (5e-4 for
// gradients, whose worst, a 1-channel batch norm's scale summed over 50,000 pixels, reaches 1.2e-4)
// is thousands of ε: above what the reference and we reach (the test logs the worst), and 20× below
// what a real mistake gives (the auxiliary head's shifted 2×2 gradient: O(1); the auxiliary
// weight 1 % off, no label smoothing, a doubled weight decay, labels shifted by one example: ≥ 1e-2). Weights after the step may differ by 2e-6 of their largest magnitude
// (~30 ε: each side rounds w − lr·buf once) plus lr times the buffers' own tolerance, so an update
// wrong by a few per cent cannot pass (the updates are ~1e-3 to 1e-5 of |w|).
const (
	refForwardTol = 2e-4 // logits, loss, batch-norm running statistics
	refGradTol    = 5e-4 // every parameter gradient, and the momentum buffers after the step
	refWeightTol  = 2e-6 // weights after the step
)

// refCompare is the worst difference between got and want: absolute, and relative to want's
// largest magnitude.
type refCompare struct{ abs, rel float64 }

func compareRef(got []float32, want []float32, floor float64) refCompare {
	var worst float64
	scale := floor
	for i := range want {
		worst = math.Max(worst, math.Abs(float64(got[i])-float64(want[i])))
		if math.IsNaN(float64(got[i])) {
			worst = math.Inf(1)
		}
		scale = math.Max(scale, math.Abs(float64(want[i])))
	}
	return refCompare{worst, worst / math.Max(scale, 1e-30)}
}

// refChecker collects the worst difference per category and fails on any above its tolerance.
type refChecker struct {
	t     *testing.T
	worst map[string]refCompare
}

func (c *refChecker) check(category, what string, got, want []float32, tol float64) {
	c.t.Helper()
	c.checkScaled(category, what, got, want, tol, 0)
}

// checkScaled is check with errors relative to at least floor.
func (c *refChecker) checkScaled(category, what string, got, want []float32, tol, floor float64) {
	c.t.Helper()
	if len(got) != len(want) {
		c.t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	d := compareRef(got, want, floor)
	if w := c.worst[category]; d.rel > w.rel || math.IsInf(d.abs, 1) {
		c.worst[category] = d
	}
	if !(d.rel <= tol) {
		c.t.Errorf("%s: max abs diff %.3g, relative to its largest value %.3g (tolerance %.0e)", what, d.abs, d.rel, tol)
	}
}

func (c *refChecker) log() {
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range c.worst {
			if !yield(k) {
				return
			}
		}
	}) {
		c.t.Logf("%-10s worst max abs diff %.3g, relative %.3g", k, c.worst[k].abs, c.worst[k].rel)
	}
}

func flat(t *testing.T, x *tensors.Tensor) []float32 {
	t.Helper()
	return tensors.MustCopyFlatData[float32](x)
}

func TestReferenceCIFARStepDropPathOff(t *testing.T) {
	runReferenceStep(t, "cifar", "drop_path_off")
}

func TestReferenceCIFARStepDropPathOn(t *testing.T) {
	runReferenceStep(t, "cifar", "drop_path_on")
}

func TestReferenceImageNetStep(t *testing.T) {
	runReferenceStep(t, "imagenet", "drop_path_off")
}

// runReferenceStep loads the reference's weights into our network and checks, against the
// fixture, the forward pass (logits, auxiliary logits, loss, running statistics), every parameter
// gradient, and one step of the Trainer (weights, momentum, running statistics).
func runReferenceStep(t *testing.T, kind, variant string) {
	f := loadRefFixture(t, kind)
	ref, ok := f.Variants[variant]
	if !ok {
		t.Fatalf("fixture %s has no variant %s", kind, variant)
	}
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Finalize)
	dropProb := 0.0
	if variant == "drop_path_on" {
		dropProb = f.DropProb
	}
	cfg := f.config(t, ref.Masks)
	tr, err := NewTrainer(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.setInitial(t, tr.Ctx)
	x, y := refImages(f.Batch, f.Size), tensors.FromFlatDataAndDimensions(f.Labels, f.Batch)
	p := tensors.FromScalar(float32(dropProb))
	c := &refChecker{t: t, worst: map[string]refCompare{}}
	defer c.log()

	// The forward pass and the gradients of the loss (before clipping), as Trainer.Step builds them.
	gradExec, err := context.NewExec(b, tr.Ctx, func(ctx *context.Context, x, y, p *graph.Node) []*graph.Node {
		ctx.SetTraining(x.Graph(), true)
		logits, aux := cfg.Net.Forward(ctx, x, p)
		loss := graph.Add(nn.CrossEntropy(logits, y, cfg.LabelSmoothing),
			graph.MulScalar(nn.CrossEntropy(aux, y, cfg.LabelSmoothing), cfg.AuxWeight))
		vars := trainable(ctx)
		values := make([]*graph.Node, len(vars))
		for i, v := range vars {
			values[i] = v.ValueGraph(x.Graph())
		}
		grads := graph.Gradient(loss, values...)
		return append([]*graph.Node{logits, aux, loss, optim.GlobalNorm(grads)}, grads...)
	})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := gradExec.Exec(x, y, p)
	if err != nil {
		t.Fatal(err)
	}
	c.check("forward", "logits", flat(t, outs[0]), f.at(ref.Logits), refForwardTol)
	c.check("forward", "auxiliary logits", flat(t, outs[1]), f.at(ref.AuxLogits), refForwardTol)
	c.check("forward", "loss", flat(t, outs[2]), []float32{float32(ref.Loss)}, refForwardTol)
	c.check("forward", "gradient norm", flat(t, outs[3]), []float32{float32(ref.GradNorm)}, refGradTol)
	gradFloor := 1e-3 * ref.GradNorm
	vars := trainable(tr.Ctx)
	if len(vars) != len(ref.Grads)+1 {
		t.Fatalf("%d trainable variables, the reference has %d", len(vars), len(ref.Grads)+1)
	}
	for i, v := range vars {
		name := v.ScopeAndName()
		want, ok := ref.Grads[name]
		switch {
		case name == conv2Name:
			c.checkScaled("gradients", "gradient of "+name, flat(t, outs[4+i]),
				conv2Gradient(f.at(ref.Conv2V), f.at(ref.Conv2A), f.Batch), refGradTol, gradFloor)
		case !ok:
			t.Fatalf("the reference has no gradient for %s", name)
		default:
			c.checkScaled("gradients", "gradient of "+name, flat(t, outs[4+i]), f.at(want), refGradTol, gradFloor)
		}
	}
	f.checkRunningStats(t, c, tr.Ctx, ref, "after the forward pass")

	// One step of the Trainer from the same initial state.
	f.setInitial(t, tr.Ctx)
	res, err := tr.Step(x, y, f.LR, dropProb)
	if err != nil {
		t.Fatal(err)
	}
	c.check("forward", "Step's loss", []float32{float32(res.Loss)}, []float32{float32(ref.Loss)}, refForwardTol)
	initial := map[string][]float32{}
	for _, v := range f.Variables {
		n := 1
		for _, d := range v.Dims {
			n *= d
		}
		initial[v.Name] = refFormula(n, v.J, v.Offset, v.Scale)
	}
	coef := math.Min(1, f.Clip/(ref.GradNorm+1e-6))
	for _, v := range vars {
		name := v.ScopeAndName()
		got, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		// PyTorch's momentum buffer after its first step is the direction taken: c·∇ + wd·W0,
		// with c the clip coefficient; the weights are W0 − lr·buffer.
		grad := conv2Gradient(f.at(ref.Conv2V), f.at(ref.Conv2A), f.Batch)
		if name != conv2Name {
			grad = f.at(ref.Grads[name])
		}
		wantMom := make([]float32, len(grad))
		for i, w0 := range initial[name] {
			wantMom[i] = float32(coef*float64(grad[i]) + f.WeightDecay*float64(w0))
		}
		var want []float32
		if name == conv2Name {
			// (1 − lr·wd)·W0 − lr·c·dW, as gen_reference.py checked PyTorch's step to be.
			want = make([]float32, len(grad))
			for i, w0 := range initial[name] {
				want[i] = float32(float64(w0) - f.LR*float64(wantMom[i]))
			}
		} else {
			want = f.at(ref.After[name])
		}
		allowed := refWeightTol*maxAbs(want) + f.LR*refGradTol*math.Max(maxAbs(wantMom), coef*gradFloor)
		c.checkScaled("weights", "weights of "+name+" after the step", flat(t, got), want, allowed/maxAbs(want), maxAbs(want))
		mom := tr.Ctx.GetVariableByScopeAndName("/optimizer/sgd"+name, "momentum")
		if mom == nil {
			t.Fatalf("no momentum buffer for %s", name)
		}
		gotMom, err := mom.Value()
		if err != nil {
			t.Fatal(err)
		}
		c.checkScaled("momentum", "momentum of "+name, flat(t, gotMom), wantMom, refGradTol, coef*gradFloor)
	}
	f.checkRunningStats(t, c, tr.Ctx, ref, "after the step")
}

// checkRunningStats compares every batch norm's running mean and variance with the reference's
// after its one training-mode forward pass.
func (f *refFixture) checkRunningStats(t *testing.T, c *refChecker, ctx *context.Context, ref refVariant, when string) {
	t.Helper()
	count := 0
	for v := range ctx.IterVariables() {
		name := v.ScopeAndName()
		if !strings.HasSuffix(name, "running_mean") && !strings.HasSuffix(name, "running_var") {
			continue
		}
		want, ok := ref.After[name]
		if !ok {
			t.Fatalf("the reference has no %s", name)
		}
		got, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		c.check("bn stats", fmt.Sprintf("%s %s", name, when), flat(t, got), f.at(want), refForwardTol)
		count++
	}
	if want := len(ref.After) - len(ref.Grads); count != want {
		t.Fatalf("%d running statistics, the reference has %d", count, want)
	}
}
