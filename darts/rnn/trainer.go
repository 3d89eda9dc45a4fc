package rnn

import (
	"fmt"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// TrainConfig is the optimisation of an evaluation model (the reference's train.py): SGD at LR
// (scaled per window by its length over BPTT) with weight decay, global-norm clipping, the
// slowness regulariser, and a switch to averaged SGD when validation stops improving.
type TrainConfig struct {
	LR          float64 `json:"lr"`
	WeightDecay float64 `json:"weight_decay"`
	Clip        float64 `json:"clip"`
	Beta        float64 `json:"beta"`     // slowness weight
	Alpha       float64 `json:"alpha"`    // activation regularisation weight (train.py's --alpha, 0)
	NonMono     int     `json:"non_mono"` // switch to ASGD when validation loss is worse than the best before the last NonMono evaluations
}

// PaperTrain is train.py's PTB setting: lr 20, wd 8e-7, clip 0.25, beta 1e-3, non-monotone interval 5.
func PaperTrain() TrainConfig {
	return TrainConfig{LR: 20, WeightDecay: 8e-7, Clip: 0.25, Beta: Beta, NonMono: 5}
}

// Trainer trains an evaluation model: its context holds the weights, the averaged weights of
// ASGD (once switched) and the random state of the dropouts.
type Trainer struct {
	Net     Config
	Opt     TrainConfig
	Backend backends.Backend
	Ctx     *context.Context

	sgd, asgd, eval, evalAvg *context.Exec
	fns                      []any // the graph functions above, for InitializeOnHost
}

// NewTrainer creates the model's variables (seeded) in a new context.
func NewTrainer(b backends.Backend, net Config, opt TrainConfig, seed int64) (*Trainer, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if net.Genotype == nil {
		return nil, fmt.Errorf("rnn: the trainer needs a derived cell (Genotype)")
	}
	ctx := context.New().Checked(false)
	ctx.SetParam(initializers.ParamInitialSeed, seed)
	ctx.SetRNGStateFromSeed(seed)
	t := &Trainer{Net: net, Opt: opt, Backend: b, Ctx: ctx}
	step := func(averaged bool) func(*context.Context, []*graph.Node) []*graph.Node {
		return func(ctx *context.Context, in []*graph.Node) []*graph.Node { return t.buildStep(ctx, in, averaged) }
	}
	evalFn := func(averaged bool) func(*context.Context, []*graph.Node) []*graph.Node {
		return func(ctx *context.Context, in []*graph.Node) []*graph.Node { return t.buildEval(ctx, in, averaged) }
	}
	t.fns = []any{step(false), step(true), evalFn(false), evalFn(true)}
	execs := []**context.Exec{&t.sgd, &t.asgd, &t.eval, &t.evalAvg}
	for i, fn := range t.fns {
		e, err := context.NewExec(b, ctx, fn.(func(*context.Context, []*graph.Node) []*graph.Node))
		if err != nil {
			return nil, err
		}
		e.SetMaxCache(128) // one graph per window length
		*execs[i] = e
	}
	return t, nil
}

// weights lists the trainable variables in a fixed order.
func weights(ctx *context.Context) []*context.Variable {
	var vars []*context.Variable
	for v := range ctx.IterVariables() {
		if v.Trainable {
			vars = append(vars, v)
		}
	}
	sortByName(vars)
	return vars
}

// buildStep: inputs tokens, targets, hidden, lr; outputs NLL, next hidden, gradient norm. With
// averaged, it is PyTorch's ASGD with t0 = 0, λ = 0 as train.py uses it (see below): a uniform
// average of the weights since the switch.
func (t *Trainer) buildStep(ctx *context.Context, in []*graph.Node, averaged bool) []*graph.Node {
	g := in[0].Graph()
	ctx.SetTraining(g, true)
	out := t.Net.Forward(ctx, in[0], in[2])
	nll := NLL(out.Logits, in[1])
	loss := Regularised(nll, out, t.Opt.Alpha, t.Opt.Beta)
	vars := weights(ctx)
	values := make([]*graph.Node, len(vars))
	for i, v := range vars {
		values[i] = v.ValueGraph(g)
	}
	grads := graph.Gradient(loss, values...)
	norm := optim.GlobalNorm(grads)
	if t.Opt.Clip > 0 {
		grads = optim.ClipByNorm(grads, norm, t.Opt.Clip) // the norm once: 16 fewer weight-sized reductions a PTB step
	}
	lr := in[3]
	if averaged {
		// PyTorch's ASGD steps with its eta, the lr of the step before (train.py sets the lr per
		// window before each step): 0 before the first averaged step, which takes its own lr.
		eta := asgdState(ctx, "eta")
		prev := eta.ValueGraph(g)
		eta.SetValueGraph(lr)
		lr = graph.Where(graph.GreaterThan(prev, graph.ScalarZero(g, prev.DType())), prev, lr)
	}
	optim.SGD{Name: "sgd", WeightDecay: t.Opt.WeightDecay}.Update(ctx, vars, grads, lr)
	if averaged {
		count := asgdState(ctx, "steps")
		n := graph.AddScalar(count.ValueGraph(g), 1)
		count.SetValueGraph(n)
		// ax ← w on the first two steps, then ax + (w − ax)/(n−1): PyTorch's mu = 1/max(1, n−1),
		// an average of the weights from the second averaged step on.
		mu := graph.Inverse(graph.Max(graph.AddScalar(n, -1), graph.OnesLike(n)))
		for _, v := range vars {
			ax := averageOf(ctx, v)
			axv := ax.ValueGraph(g)
			ax.SetValueGraph(graph.Add(axv, graph.Mul(graph.Sub(v.ValueGraph(g), axv), graph.ConvertDType(mu, axv.DType()))))
		}
	}
	return []*graph.Node{nll, out.Hidden, norm}
}

// asgdState is one of ASGD's scalars (float32, initially 0).
func asgdState(ctx *context.Context, name string) *context.Variable {
	return ctx.InAbsPath("/optimizer/asgd").WithInitializer(initializers.Zero).
		VariableWithShape(name, shapes.Make(ops.DType)).SetTrainable(false)
}

// asgdStateNames are ASGD's scalars: its eta and its count of averaged steps.
var asgdStateNames = []string{"eta", "steps"}

// averageOf is ASGD's average of v.
func averageOf(ctx *context.Context, v *context.Variable) *context.Variable {
	return ctx.InAbsPath("/optimizer/asgd"+v.Scope()).WithInitializer(initializers.Zero).
		VariableWithShape(v.Name(), v.Shape()).SetTrainable(false)
}

// buildEval: inputs tokens, targets, hidden; outputs NLL and the next hidden state, with the
// averaged weights in place of the weights when averaged (as the reference evaluates under ASGD).
func (t *Trainer) buildEval(ctx *context.Context, in []*graph.Node, averaged bool) []*graph.Node {
	g := in[0].Graph()
	var vars []*context.Variable
	var saved []*graph.Node
	if averaged {
		vars = weights(ctx)
		for _, v := range vars {
			saved = append(saved, v.ValueGraph(g))
			v.SetValueGraph(averageOf(ctx, v).ValueGraph(g))
		}
	}
	out := t.Net.Forward(ctx, in[0], in[2])
	for i, v := range vars {
		v.SetValueGraph(saved[i]) // the weights themselves are left as they were
	}
	return []*graph.Node{NLL(out.Logits, in[1]), out.Hidden}
}

// Step runs one training step; averaged selects ASGD (after the switch).
func (t *Trainer) Step(x, y, h *tensors.Tensor, lr float64, averaged bool) (loss, gradNorm float64, next *tensors.Tensor, err error) {
	if err := t.ensureInitialized(x, y, h); err != nil {
		return 0, 0, nil, err
	}
	e := t.sgd
	if averaged {
		if err := t.ensureAveraged(); err != nil {
			return 0, 0, nil, err
		}
		e = t.asgd
	}
	outs, err := e.Exec(x, y, h, tensors.FromScalar(float32(lr)))
	if err != nil {
		return 0, 0, nil, err
	}
	return darts.Scalar(outs[0]), darts.Scalar(outs[2]), outs[1], nil
}

// Evaluate returns a window's mean NLL in inference mode (with the averaged weights when
// averaged) and the next hidden state.
func (t *Trainer) Evaluate(x, y, h *tensors.Tensor, averaged bool) (float64, *tensors.Tensor, error) {
	if err := t.ensureInitialized(x, y, h); err != nil {
		return 0, nil, err
	}
	e := t.eval
	if averaged {
		if err := t.ensureAveraged(); err != nil {
			return 0, nil, err
		}
		e = t.evalAvg
	}
	outs, err := e.Exec(x, y, h)
	if err != nil {
		return 0, nil, err
	}
	return darts.Scalar(outs[0]), outs[1], nil
}

// ensureInitialized creates the weights and the SGD state on the host before the first graph
// runs, so that every backend starts from the same weights. ASGD's state is left to
// ensureAveraged, at the switch.
func (t *Trainer) ensureInitialized(x, y, h *tensors.Tensor) error {
	if len(weights(t.Ctx)) > 0 && weights(t.Ctx)[0].HasValue() {
		return nil
	}
	lr := tensors.FromScalar(float32(0))
	var builds []func(*graph.Graph)
	for i, fn := range t.fns {
		if i == 1 || i == 3 { // the averaged step and evaluation (see NewTrainer)
			continue
		}
		ts := []*tensors.Tensor{x, y, h}
		if i < 2 {
			ts = append(ts, lr)
		}
		builds = append(builds, func(g *graph.Graph) {
			fn.(func(*context.Context, []*graph.Node) []*graph.Node)(t.Ctx, backend.ParametersLike(g, ts...))
		})
	}
	if err := backend.InitializeOnHost(t.Ctx, builds...); err != nil {
		return fmt.Errorf("rnn: %w", err)
	}
	return nil
}

// ensureAveraged creates ASGD's state (a zero average of every weight, a zero step count and
// eta) on the host before the first averaged graph runs, as PyTorch's ASGD makes it at the
// switch: made with the weights, the averages would hold a second copy of the weights' memory
// through the whole SGD phase; left to the averaged graph, their zero initialiser would be a
// graph of its own on the backend (on XLA, a compile). A resumed run's state is kept.
func (t *Trainer) ensureAveraged() error {
	state := make([]*context.Variable, 0, len(asgdStateNames))
	for _, name := range asgdStateNames {
		state = append(state, asgdState(t.Ctx, name))
	}
	for _, v := range weights(t.Ctx) {
		state = append(state, averageOf(t.Ctx, v))
	}
	for _, v := range state {
		if v.HasValue() {
			continue
		}
		if err := v.SetValue(tensors.FromShape(v.Shape())); err != nil {
			return fmt.Errorf("rnn: ASGD's %s: %w", v.ScopeAndName(), err)
		}
	}
	return nil
}

// Compile builds and compiles the (plain SGD) training step for windows shaped like (x, y, h)
// without running it (see darts.PreCompile), so that compile time can be measured apart from the
// first step.
func (t *Trainer) Compile(x, y, h *tensors.Tensor) error {
	if err := t.ensureInitialized(x, y, h); err != nil {
		return err
	}
	return darts.PreCompile(t.Backend, t.Ctx, t.sgd, x, y, h, tensors.FromScalar(float32(0)))
}
