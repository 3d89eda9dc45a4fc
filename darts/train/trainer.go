package train

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Trainer owns an evaluation network's context (weights, batch-norm statistics, momentum, the
// drop-path RNG) and its compiled training and evaluation graphs.
type Trainer struct {
	Config  Config
	Backend backends.Backend
	Ctx     *context.Context

	step, eval     *context.Exec
	stepFn, evalFn any
	initialized    bool // variables initialised on the host (off darts-cpu)
}

// StepResult holds the metrics of one training step.
type StepResult struct {
	Loss, Correct, GradNorm float64
}

// NewTrainer creates the network's variables (seeded) in a new context; nothing is compiled
// before the first Step or Evaluate.
func NewTrainer(b backends.Backend, cfg Config) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx := context.New().Checked(false) // the step and evaluation graphs share the variables
	ctx.SetParam(initializers.ParamInitialSeed, cfg.Seed)
	ctx.SetRNGStateFromSeed(cfg.Seed)
	t := &Trainer{Config: cfg, Backend: b, Ctx: ctx}
	opt := optim.SGD{Momentum: cfg.Momentum, WeightDecay: cfg.WeightDecay}
	stepFn := func(ctx *context.Context, x, y, lr, dropProb *graph.Node) []*graph.Node {
		ctx.SetTraining(x.Graph(), true)
		logits, aux := cfg.Net.Forward(ctx, x, dropProb)
		loss := nn.CrossEntropy(logits, y, cfg.LabelSmoothing)
		if aux != nil && cfg.AuxWeight > 0 {
			loss = graph.Add(loss, graph.MulScalar(nn.CrossEntropy(aux, y, cfg.LabelSmoothing), cfg.AuxWeight))
		}
		vars := trainable(ctx)
		values := make([]*graph.Node, len(vars))
		for i, v := range vars {
			values[i] = v.ValueGraph(x.Graph())
		}
		grads := graph.Gradient(loss, values...)
		norm := optim.GlobalNorm(grads)
		if cfg.GradClip > 0 {
			grads = optim.ClipByNorm(grads, norm, cfg.GradClip) // the norm once, not twice
		}
		opt.Update(ctx, vars, grads, lr)
		return []*graph.Node{loss, nn.NumCorrect(logits, y), norm}
	}
	evalFn := func(ctx *context.Context, x, y *graph.Node) []*graph.Node {
		logits, _ := cfg.Net.Forward(ctx, x, nil)
		return []*graph.Node{nn.CrossEntropy(logits, y, 0), nn.NumCorrect(logits, y)}
	}
	t.stepFn, t.evalFn = stepFn, evalFn
	var err error
	if t.step, err = context.NewExec(b, ctx, stepFn); err != nil {
		return nil, err
	}
	t.eval, err = context.NewExec(b, ctx, evalFn)
	return t, err
}

// trainable lists the trainable variables in a fixed order (by scope and name), so that the
// optimiser's graph is the same on every build.
func trainable(ctx *context.Context) []*context.Variable {
	var vars []*context.Variable
	for v := range ctx.IterVariables() {
		if v.Trainable {
			vars = append(vars, v)
		}
	}
	slices.SortFunc(vars, func(a, b *context.Variable) int {
		switch {
		case a.ScopeAndName() < b.ScopeAndName():
			return -1
		case a.ScopeAndName() > b.ScopeAndName():
			return 1
		}
		return 0
	})
	return vars
}

// Step runs one training step on (x, y) at learning rate lr and drop-path probability dropProb.
func (t *Trainer) Step(x, y *tensors.Tensor, lr, dropProb float64) (StepResult, error) {
	if err := t.ensureInitialized(x, y); err != nil {
		return StepResult{}, err
	}
	outs, err := t.step.Exec(x, y, tensors.FromScalar(float32(lr)), tensors.FromScalar(float32(dropProb)))
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{Loss: darts.Scalar(outs[0]), Correct: darts.Scalar(outs[1]), GradNorm: darts.Scalar(outs[2])}, nil
}

// Evaluate returns the loss and the number of correct predictions on a batch, in inference mode.
func (t *Trainer) Evaluate(x, y *tensors.Tensor) (loss, correct float64, err error) {
	if err := t.ensureInitialized(x, y); err != nil {
		return 0, 0, err
	}
	outs, err := t.eval.Exec(x, y)
	if err != nil {
		return 0, 0, err
	}
	return darts.Scalar(outs[0]), darts.Scalar(outs[1]), nil
}

// ensureInitialized initialises the variables on the host off darts-cpu (see
// backend.InitializeOnHost); darts-cpu initialises them in its first graph.
func (t *Trainer) ensureInitialized(x, y *tensors.Tensor) error {
	if t.Backend.Name() == backend.Name || t.initialized {
		return nil
	}
	zero := tensors.FromScalar(float32(0))
	err := backend.InitializeOnHost(t.Ctx,
		func(g *graph.Graph) {
			in := backend.ParametersLike(g, x, y, zero, zero)
			t.stepFn.(func(*context.Context, *graph.Node, *graph.Node, *graph.Node, *graph.Node) []*graph.Node)(
				t.Ctx, in[0], in[1], in[2], in[3])
		})
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	t.initialized = true
	return nil
}

// Compile builds and compiles the training step for batches shaped like (x, y) without running
// it (see darts.PreCompile), so that compile time can be measured apart from the first step. On
// darts-cpu, run Evaluate first: it creates and initialises the variables.
func (t *Trainer) Compile(x, y *tensors.Tensor) error {
	if err := t.ensureInitialized(x, y); err != nil {
		return err
	}
	return darts.PreCompile(t.Backend, t.Ctx, t.step, x, y, tensors.FromScalar(float32(0)), tensors.FromScalar(float32(0)))
}
