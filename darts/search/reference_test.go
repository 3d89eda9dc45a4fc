package search

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The TestReference... tests compare our search network and search step with the reference code
// (testdata/reference.json.gz, written by testdata/gen_reference.py from quark0/darts cnn/ with
// PyTorch 1.13 on the CPU) on the same weights, α and batches.
//
// Tolerances. Both sides compute in float32 (ε = 2⁻²³ ≈ 1.2e-7) but sum in different orders
// (PyTorch's convolutions and batch-norm reductions against ours), so values differ by some ε
// relative to the size of what was summed. The loss goes through 3 cells of batch norms, each
// dividing by a batch standard deviation, and the gradients come back through the same chain, the
// second-order ones also through the finite difference (a difference of two gradients divided by
// 2R, R = 0.01/‖v‖). Measured (the t.Logf lines of each test; go test -v -run TestReference): at
// most 1.2e-5 of the largest value of a kind (Adam's exp_avg_sq, a square of α's gradient), 4.8e-6
// for momentum buffers after two steps, 2.6e-6 for the weight gradients, 5.8e-6 for the
// second-order α gradient. Each tensor is checked with refRTol = 1e-4 (about 800 ε) of its own
// largest value plus a tenth of that of the whole kind (see family): about 10× above the measured
// rounding, and below what a wrong sign, scale or batch does (breaking one on purpose moves values
// by 1e-3 of their size or more; e.g. dropping the weight decay of 3e-4 changes momentum buffers by
// 1.5e-4 where their gradient part is small). α moves by about 3e-4 per Adam step while α itself is
// stored in float32 with ulp(α) up to 1.2e-7, so α's change is compared with refATolAlpha, 8 ulps
// of the largest |α| (1.69), on top.
const (
	refRTol      = 1e-4
	refATolAlpha = 8 * 1.69 * 0x1p-23
)

// TestReferenceForwardAndWeightGradients: the training-mode loss and logits on the fixture's
// training batch, and the gradient of every one of the 12,245 weights (each tensor).
func TestReferenceForwardAndWeightGradients(t *testing.T) {
	fx := loadRefFixture(t)
	b := newRefBackend(t)
	s := refSearcher(t, b, fx, PaperRunConfig(1))
	x, y := fx.batch("train0")
	checkForward(t, b, s, x, y, fx.Forward)
}

// TestReferenceArchGradients: the α gradient of the α step, first order (∇α L_val(w, α)) and
// second order (the reference's Architect with unrolled=True: ξ = the learning rate, momentum
// taken from preset SGD momentum buffers, weight decay (0.03 here) inside the virtual step, finite-difference
// radius 0.01/‖v‖), and the batch-norm running statistics after it: the reference's α step runs
// its model in training mode, so its forwards update them (second order: the forwards at w, w⁺
// and w⁻, not the one of the unrolled copy).
func TestReferenceArchGradients(t *testing.T) {
	fx := loadRefFixture(t)
	b := newRefBackend(t)
	for _, order := range []int{1, 2} {
		t.Run([]string{"", "first_order", "second_order"}[order], func(t *testing.T) {
			cfg := refRunConfig(t, fx, order)
			want := fx.Arch1
			if order == 2 {
				// 100× the paper's weight decay: its share of the virtual step is then above the
				// rounding of α's gradient (at 3e-4 leaving it out changes nothing measurable).
				want, cfg.WeightDecay = fx.Arch2, fx.Config.Arch2WeightDecay
			}
			s := refSearcher(t, b, fx, cfg)
			if order == 2 {
				presetMomentum(t, s, fx)
			}
			exec, err := context.NewExec(b, s.Ctx, func(ctx *context.Context, x, y, xv, yv, lr *graph.Node) []*graph.Node {
				ctx.SetTraining(x.Graph(), true)
				_, _, grads := s.Arch.ArchGradients(ctx, s.Net.Loss, []*graph.Node{x, y}, []*graph.Node{xv, yv}, lr)
				return grads
			})
			if err != nil {
				t.Fatal(err)
			}
			x, y := fx.batch("train0")
			xv, yv := fx.batch("val0")
			outs, err := exec.Exec(x, y, xv, yv, tensors.FromScalar(float32(fx.Config.EtaArch)))
			if err != nil {
				t.Fatal(err)
			}
			grads := newFamily("α gradient", 0, refRTol)
			for i, name := range []string{"alphas_normal", "alphas_reduce"} { // the order of Variables
				grads.add(t, name, outs[i], want.Grads[name])
			}
			t.Logf("%s; %s", grads.check(t), runningFamily(t, fx.Init, s.Ctx, want.Running).check(t))
		})
	}
}

// TestReferenceTwoSearchSteps runs two steps of train_search.py's loop, first and second order:
// architect.step (Adam on α: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3), then the weight step
// (SGD momentum 0.9, weight decay 3e-4, gradient-norm clip) at epoch 0's learning rate, and compares
// after each step: the weight step's loss and gradient norm, α, Adam's moments, every weight,
// every momentum buffer and every batch-norm running statistic.
func TestReferenceTwoSearchSteps(t *testing.T) {
	fx := loadRefFixture(t)
	b := newRefBackend(t)
	for _, order := range []int{1, 2} {
		t.Run([]string{"", "first_order", "second_order"}[order], func(t *testing.T) {
			s := refSearcher(t, b, fx, refRunConfig(t, fx, order))
			steps := fx.Steps1
			if order == 2 {
				steps = fx.Steps2
			}
			for k, want := range steps {
				x, y := fx.batch([]string{"train0", "train1"}[k])
				xv, yv := fx.batch([]string{"val0", "val1"}[k])
				r, err := s.Step(x, y, xv, yv, fx.Config.LR)
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(r.TrainLoss-want.Loss) > refRTol*want.Loss || math.Abs(r.GradNorm-want.GradNorm) > refRTol*want.GradNorm {
					t.Errorf("step %d: loss %.7g, gradient norm %.7g; reference %.7g, %.7g", k, r.TrainLoss, r.GradNorm, want.Loss, want.GradNorm)
				}
				// α and the weights move little in a step: compare how far they moved.
				alphas, weights := newFamily("α change", refATolAlpha, refRTol), newFamily("weight change", 0, refRTol)
				adamM, adamV := newFamily("Adam exp_avg", 0, refRTol), newFamily("Adam exp_avg_sq", 0, refRTol)
				momentum := newFamily("momentum", 0, refRTol)
				for name, wt := range want.Alphas {
					alphas.add(t, name, value(t, refVariable(t, s.Ctx, name)), wt, fx.Init[name])
				}
				for name, wt := range want.Adam {
					alpha, moment, _ := strings.Cut(name, ".")
					f, state := adamM, "m"
					if moment == "exp_avg_sq" {
						f, state = adamV, "v"
					}
					f.add(t, name, value(t, s.Ctx.GetVariableByScopeAndName("/optimizer/arch_adam/"+ArchScope+"/"+alpha, state)), wt)
				}
				for name, wt := range want.Weights {
					weights.add(t, name, value(t, refVariable(t, s.Ctx, name)), wt, fx.Init[name])
				}
				for name, wt := range want.Momentum {
					momentum.add(t, name, value(t, momentumVariable(t, s, name)), wt)
				}
				t.Logf("step %d: loss %.7g (reference %.7g), gradient norm %.7g (%.7g)\n%s\n%s\n%s\n%s\n%s\n%s", k,
					r.TrainLoss, want.Loss, r.GradNorm, want.GradNorm, alphas.check(t), adamM.check(t), adamV.check(t),
					weights.check(t), momentum.check(t), runningFamily(t, fx.Init, s.Ctx, want.Running).check(t))
			}
		})
	}
}

// refRunConfig is PaperRunConfig with the fixture's gradient clip: the paper's 5 is not reached by
// this network's gradient norms of 3.2–3.6, so the fixture clips at 3 (train_search.py
// --grad_clip 3) to test the clipping too. The fixture's other hyper-parameters must be
// PaperRunConfig's.
func refRunConfig(t *testing.T, fx *refFixture, order int) RunConfig {
	t.Helper()
	cfg := PaperRunConfig(order)
	cfg.GradClip = fx.Config.GradClip
	c := fx.Config
	if cfg.Momentum != c.Momentum || cfg.WeightDecay != c.WeightDecay || cfg.ArchLR != c.ArchLR ||
		cfg.ArchWeightDecay != c.ArchWeightDecay || cfg.GradClip != c.GradClip {
		t.Fatalf("PaperRunConfig %+v differs from the fixture's hyper-parameters %+v", cfg, c)
	}
	return cfg
}

// presetMomentum sets every SGD momentum buffer to the fixture's arch2 preset: 0.01·sin(i) over
// the flat index i of the weight in PyTorch's layout.
func presetMomentum(t *testing.T, s *Searcher, fx *refFixture) {
	t.Helper()
	for name := range fx.Forward.Grads {
		r := fx.Init[name]
		buf := refTensor{Shape: r.Shape, Data: make([]float32, len(r.Data))}
		for i := range buf.Data {
			buf.Data[i] = float32(0.01 * math.Sin(float64(i)))
		}
		data, dims := ourLayout(name, buf)
		v := refVariable(t, s.Ctx, name)
		s.Ctx.InAbsPath("/optimizer/sgd"+v.Scope()+"/"+v.Name()).
			VariableWithValue("momentum", tensors.FromFlatDataAndDimensions(data, dims...)).SetTrainable(false)
	}
}

func momentumVariable(t *testing.T, s *Searcher, name string) *context.Variable {
	t.Helper()
	v := refVariable(t, s.Ctx, name)
	m := s.Ctx.GetVariableByScopeAndName("/optimizer/sgd"+v.Scope()+"/"+v.Name(), "momentum")
	if m == nil {
		t.Fatalf("no momentum buffer for %s", v.ScopeAndName())
	}
	return m
}

// runningFamily queues every batch-norm running statistic, as its change from the initial value.
func runningFamily(t *testing.T, init map[string]refTensor, ctx *context.Context, want map[string]refTensor) *family {
	t.Helper()
	f := newFamily("running-statistic change", 0, refRTol)
	for name, wt := range want {
		f.add(t, name, value(t, refVariable(t, ctx, name)), wt, init[name])
	}
	return f
}

func value(t *testing.T, v *context.Variable) *tensors.Tensor {
	t.Helper()
	if v == nil {
		t.Fatal("missing variable")
	}
	val, err := v.Value()
	if err != nil {
		t.Fatal(err)
	}
	return val
}
