package rnn

import (
	"math"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/data/text"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The TestReference... tests compare our recurrent DARTS with the reference's PyTorch code on a
// tiny model (vocabulary 11, 4 units, a search cell of 3 nodes, windows of 5 tokens, batch 3;
// dropouts off, training mode) from the same weights and batches: testdata/reference_steps.py
// writes the fixture, reference_fixture_test.go explains the tolerances.

func (r *refSteps) batches() (x, y, h, xv, yv, hv *tensors.Tensor) {
	return tensors.FromValue(r.Tokens), tensors.FromValue(r.Targets), tensors.FromValue(r.Hidden0),
		tensors.FromValue(r.ValTokens), tensors.FromValue(r.ValTargets), tensors.FromValue(r.ValHidden0)
}

func isBuffer(name string) bool { return strings.Contains(name, "running") }

// TestReferenceSearchGradients: the search model's training loss and every weight gradient, and
// the α gradient first order, second order as the reference's architect computes it (the tied
// embedding kept in the virtual step: our default), as the paper's equation (it moves), and with
// a clip above the gradient norm (the reference scales the implicit term by 5/‖∇w‖ > 1).
func TestReferenceSearchGradients(t *testing.T) {
	r := loadRefSteps(t)
	net := Config{Vocab: r.Vocab, Hidden: r.Hidden, Steps: r.Steps}
	ctx := context.New().Checked(false)
	setParams(ctx, r.SearchInit)
	first, second, paper := PaperArchitect(1, false), PaperArchitect(2, false), PaperArchitect(2, true)
	clip5 := second
	clip5.GradClip = 5
	var names []string
	exec := context.MustNewExec(testbackend.CPU(t), ctx, func(ctx *context.Context, in []*graph.Node) []*graph.Node {
		ctx.SetTraining(in[0].Graph(), true)
		train, val, lr := in[0:3], in[3:6], in[6]
		loss, _ := net.Loss(ctx, train)
		_, weights := first.Variables(ctx)
		values := make([]*graph.Node, len(weights))
		names = names[:0]
		for i, v := range weights {
			values[i], names = v.ValueGraph(in[0].Graph()), append(names, v.ScopeAndName())
		}
		grads := graph.Gradient(loss, values...)
		out := []*graph.Node{loss}
		for _, c := range []architect.Config{first, second, paper, clip5} {
			_, _, g := c.ArchGradients(ctx, net.Loss, train, val, lr)
			out = append(out, g[0])
		}
		return append(out, grads...)
	})
	x, y, h, xv, yv, hv := r.batches()
	outs := exec.MustExec(x, y, h, xv, yv, hv, tensors.FromScalar(float32(r.LR)))
	c := &closeness{t: t, name: "search gradients"}
	c.scalar("loss", float64(outs[0].Value().(float32)), r.Search.Loss, r.SearchF64.Loss)
	vals := func(i int) []float32 { return tensors.MustCopyFlatData[float32](outs[i]) }
	c.check("α gradient, first order", vals(1), r.Search.AlphaGrad1, r.SearchF64.AlphaGrad1)
	c.check("α gradient, second order (reference)", vals(2), r.Search.AlphaGrad2, r.SearchF64.AlphaGrad2)
	c.check("α gradient, second order (paper)", vals(3), r.Search.AlphaGrad2Paper, r.SearchF64.AlphaGrad2Paper)
	c.check("α gradient, second order (clip 5)", vals(4), r.Search.AlphaGrad2Clip5, r.SearchF64.AlphaGrad2Clip5)
	checked := 0
	for ref := range r.SearchF64.Grads {
		scope, name := ourVariable(ref)
		for i, n := range names {
			if n == scope+"/"+name {
				c.check("gradient of "+ref, vals(5+i), r.Search.Grads[ref], r.SearchF64.Grads[ref])
				checked++
			}
		}
	}
	if checked != len(names) || checked != len(r.SearchF64.Grads) {
		t.Errorf("compared %d gradients; we have %d weights, the reference %d", checked, len(names), len(r.SearchF64.Grads))
	}
	c.report()
	// The two second-order variants must differ (else the fixture could not tell them apart).
	a, _ := flat(r.SearchF64.AlphaGrad2)
	p, _ := flat(r.SearchF64.AlphaGrad2Paper)
	var diff, norm float64
	for i := range a {
		diff += (a[i] - p[i]) * (a[i] - p[i])
		norm += a[i] * a[i]
	}
	t.Logf("second-order α gradient, paper vs reference: relative difference %.3g", math.Sqrt(diff/norm))
}

// TestReferenceSearchStep: one full search step of train_search.py, first and second order: the
// architect's step (Adam on α), then the weight step (NLL + β·slowness, clip 0.25, SGD with
// weight decay), with the hidden states carried out of both, and the batch-norm running
// statistics that every training-mode forward of both steps updates.
func TestReferenceSearchStep(t *testing.T) {
	r := loadRefSteps(t)
	net := Config{Vocab: r.Vocab, Hidden: r.Hidden, Steps: r.Steps}
	b := testbackend.CPU(t)
	x, y, h, xv, yv, hv := r.batches()
	for order, want := range map[int][2]refStep{1: {r.Search.Step1, r.SearchF64.Step1}, 2: {r.Search.Step2, r.SearchF64.Step2}} {
		s, err := NewSearcher(b, net, PaperArchitect(order, false), 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Evaluate(x, y, h); err != nil { // creates the variables
			t.Fatal(err)
		}
		setParams(s.Ctx, r.SearchInit)
		res, err := s.Step(x, y, h, xv, yv, hv, r.LR)
		if err != nil {
			t.Fatal(err)
		}
		c := &closeness{t: t, name: map[int]string{1: "search step, first order", 2: "search step, second order"}[order]}
		c.checkParams(s.Ctx, want[0].Params, want[1].Params, nil) // batch-norm running statistics too
		c.scalar("training loss", res.TrainLoss, want[0].TrainLoss, want[1].TrainLoss)
		c.scalar("gradient norm", res.GradNorm, want[0].GradNorm, want[1].GradNorm)
		c.check("training hidden state", tensors.MustCopyFlatData[float32](res.TrainHidden), want[0].Hidden, want[1].Hidden)
		c.check("α-step hidden state", tensors.MustCopyFlatData[float32](res.ValHidden), want[0].ValHidden, want[1].ValHidden)
		c.report()
	}
}

// TestReferenceEvalStep: the evaluation model (the DARTS cell) under train.py: its gradients, then
// one step of SGD (weight decay 8e-7) with clip 0.25 and β·slowness at lr 20 scaled by the
// window's length over BPTT (5/7 here).
func TestReferenceEvalStep(t *testing.T) {
	r := loadRefSteps(t)
	net := Config{Vocab: r.Vocab, Hidden: r.Hidden, Genotype: ptr(dartsCell(t))}
	b := testbackend.CPU(t)
	x, y, h, _, _, _ := r.batches()
	opt := PaperTrain()

	ctx := context.New().Checked(false)
	setParams(ctx, r.EvalInit)
	var names []string
	exec := context.MustNewExec(b, ctx, func(ctx *context.Context, tokens, targets, hidden *graph.Node) []*graph.Node {
		ctx.SetTraining(tokens.Graph(), true)
		out := net.Forward(ctx, tokens, hidden)
		loss := graph.Add(NLL(out.Logits, targets), graph.MulScalar(Slowness(out.States), opt.Beta))
		vars := weights(ctx)
		values := make([]*graph.Node, len(vars))
		for i, v := range vars {
			values[i], names = v.ValueGraph(tokens.Graph()), append(names, v.ScopeAndName())
		}
		return graph.Gradient(loss, values...)
	})
	grads := exec.MustExec(x, y, h)
	c := &closeness{t: t, name: "evaluation model"}
	checked := 0
	for ref := range r.EvalF64.Grads {
		scope, name := ourVariable(ref)
		for i, n := range names {
			if n == scope+"/"+name {
				c.check("gradient of "+ref, tensors.MustCopyFlatData[float32](grads[i]), r.Eval.Grads[ref], r.EvalF64.Grads[ref])
				checked++
			}
		}
	}
	if checked != len(names) || checked != len(r.EvalF64.Grads) {
		t.Errorf("compared %d gradients; we have %d weights, the reference %d", checked, len(names), len(r.EvalF64.Grads))
	}

	tr, err := NewTrainer(b, net, opt, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tr.Evaluate(x, y, h, false); err != nil {
		t.Fatal(err)
	}
	setParams(tr.Ctx, r.EvalInit)
	steps := len(r.Tokens)
	lr := text.Window{LRScale: float64(steps) / float64(r.EvalBPTT)}.ScaleLR(opt.LR)
	loss, norm, next, err := tr.Step(x, y, h, lr, false)
	if err != nil {
		t.Fatal(err)
	}
	c.checkParams(tr.Ctx, r.Eval.Params, r.EvalF64.Params, nil)
	c.scalar("loss", loss, r.Eval.Loss, r.EvalF64.Loss)
	c.scalar("gradient norm", norm, r.Eval.GradNorm, r.EvalF64.GradNorm)
	c.check("hidden state", tensors.MustCopyFlatData[float32](next), r.Eval.Hidden, r.EvalF64.Hidden)
	c.report()
}

// TestReferenceASGDSteps: three averaged-SGD steps of train.py after its switch, at lr 20·(5, 3,
// 6)/7. PyTorch's ASGD (t0 = 0, λ = 0) steps with the lr the previous step was given (its eta)
// and starts its average at the second step; the weights and their averages must match.
func TestReferenceASGDSteps(t *testing.T) {
	r := loadRefSteps(t)
	net := Config{Vocab: r.Vocab, Hidden: r.Hidden, Genotype: ptr(dartsCell(t))}
	x, y, h, _, _, _ := r.batches()
	opt := PaperTrain()
	tr, err := NewTrainer(testbackend.CPU(t), net, opt, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tr.Evaluate(x, y, h, false); err != nil {
		t.Fatal(err)
	}
	setParams(tr.Ctx, r.EvalInit)
	for _, n := range r.ASGDLens {
		lr := text.Window{LRScale: float64(n) / float64(r.EvalBPTT)}.ScaleLR(opt.LR)
		if _, _, h, err = tr.Step(x, y, h, lr, true); err != nil {
			t.Fatal(err)
		}
	}
	c := &closeness{t: t, name: "ASGD steps"}
	c.checkParams(tr.Ctx, r.ASGD.Params, r.ASGDF64.Params, nil)
	avg := context.New()
	for ref := range r.ASGDF64.Averages {
		scope, name := ourVariable(ref)
		v := tr.Ctx.GetVariableByScopeAndName("/optimizer/asgd"+scope, name)
		if v == nil {
			t.Fatalf("no average of %s", ref)
		}
		avg.InAbsPath(scope).VariableWithValue(name, v.MustValue())
	}
	c.checkParams(avg, r.ASGD.Averages, r.ASGDF64.Averages, nil)
	c.check("hidden state", tensors.MustCopyFlatData[float32](h), r.ASGD.Hidden, r.ASGDF64.Hidden)
	c.report()
}
