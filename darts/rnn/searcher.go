package rnn

import (
	"fmt"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Slowness weight (the reference's --beta): the weight step's loss adds Beta·mean((h_t − h_{t−1})²).
const Beta = 1e-3

// EmbeddingVariable is the ScopeAndName of the tied embedding (the decoder's weight too).
const EmbeddingVariable = "/encoder/weights"

// PaperArchitect is the reference's recurrent search step: SGD (no momentum) with weight decay
// 5e-7 and clip 0.25 for the weights, Adam lr 3e-3 (betas 0.9, 0.999) with weight decay 1e-3
// for α, the recurrent architect's clipping in the second-order step, batch-norm running
// statistics updated by the α step's forwards as well (as every training-mode forward of the
// reference's model), and its virtual step that
// leaves the tied embedding where it is (see architect.Config.KeepInVirtualStep; the paper's
// equation moves it: set moveEmbedding).
func PaperArchitect(order int, moveEmbedding bool) architect.Config {
	c := architect.Config{Order: order, Mode: architect.Bilevel, WeightOpt: optim.SGD{WeightDecay: 5e-7},
		ArchOpt:  optim.Adam{Name: "arch_adam", LR: 3e-3, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, WeightDecay: 1e-3},
		GradClip: 0.25, ArchScope: ArchScope, ClipUnrolled: true, ArchStepBNStats: true}
	if !moveEmbedding {
		c.KeepInVirtualStep = []string{EmbeddingVariable}
	}
	return c
}

// Loss is the architect's loss on batch [tokens, targets, hidden]: the mean NLL; the extra output
// is the next hidden state.
func (c Config) Loss(ctx *context.Context, batch []*graph.Node) (*graph.Node, []*graph.Node) {
	out := c.Forward(ctx, batch[0], batch[2])
	return NLL(out.Logits, batch[1]), []*graph.Node{out.Hidden}
}

// RegularisedLoss is Loss plus Beta times the slowness of the cell's outputs, the weight step's
// loss in the reference; the extras are the next hidden state and the NLL alone (what the
// reference reports as the training loss).
func (c Config) RegularisedLoss(ctx *context.Context, batch []*graph.Node) (*graph.Node, []*graph.Node) {
	return c.RegularisedLossWith(0, Beta)(ctx, batch)
}

// RegularisedLossWith is RegularisedLoss with the weights alpha and beta of Regularised.
func (c Config) RegularisedLossWith(alpha, beta float64) architect.LossFn {
	return func(ctx *context.Context, batch []*graph.Node) (*graph.Node, []*graph.Node) {
		out := c.Forward(ctx, batch[0], batch[2])
		nll := NLL(out.Logits, batch[1])
		return Regularised(nll, out, alpha, beta), []*graph.Node{out.Hidden, nll}
	}
}

// Searcher runs recurrent search steps: it owns the context and the compiled graphs (one per
// sequence length).
type Searcher struct {
	Net     Config
	Arch    architect.Config
	Backend backends.Backend
	Ctx     *context.Context

	step, eval     *context.Exec
	stepFn, evalFn any
}

// StepResult holds one step's losses (at the weights before the step; TrainLoss is the NLL,
// without the slowness term) and the next hidden states
// of the training and validation streams.
type StepResult struct {
	TrainLoss, ValLoss, GradNorm float64
	TrainHidden, ValHidden       *tensors.Tensor
}

// NewSearcher creates the model's variables (seeded) in a new context.
func NewSearcher(b backends.Backend, net Config, arch architect.Config, seed int64) (*Searcher, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if net.Genotype != nil {
		return nil, fmt.Errorf("rnn: the searcher needs the search cell (Genotype nil)")
	}
	ctx := context.New().Checked(false)
	ctx.SetParam(initializers.ParamInitialSeed, seed)
	ctx.SetRNGStateFromSeed(seed)
	if arch.WeightLoss == nil { // SearchConfig.Architect sets it for other regularisation weights
		arch.WeightLoss = net.RegularisedLoss
	}
	s := &Searcher{Net: net, Arch: arch, Backend: b, Ctx: ctx}
	evalFn := func(ctx *context.Context, tokens, targets, hidden *graph.Node) []*graph.Node {
		loss, extras := net.Loss(ctx, []*graph.Node{tokens, targets, hidden})
		return []*graph.Node{loss, extras[0]}
	}
	// Inputs x, y, h, xv, yv, hv, lr (GoMLX's Exec takes at most 6 separate nodes: a slice).
	stepFn := func(ctx *context.Context, in []*graph.Node) []*graph.Node {
		ctx.SetTraining(in[0].Graph(), true)
		r := s.Arch.Step(ctx, net.Loss, in[0:3], in[3:6], in[6])
		trainNLL := r.TrainLoss
		if len(r.TrainExtras) > 1 { // RegularisedLoss (the Bilevel and Alternating modes)
			trainNLL = r.TrainExtras[1]
		}
		return []*graph.Node{trainNLL, r.TrainExtras[0], r.GradNorm, r.ValLoss, r.ValExtras[0]}
	}
	s.evalFn, s.stepFn = evalFn, stepFn
	var err error
	if s.eval, err = context.NewExec(b, ctx, evalFn); err != nil {
		return nil, err
	}
	s.eval.SetMaxCache(64) // one graph per sequence length
	if s.step, err = context.NewExec(b, ctx, stepFn); err != nil {
		return nil, err
	}
	s.step.SetMaxCache(64)
	return s, nil
}

// Step runs one α step on the validation window (xv, yv from hv) and one weight step on the
// training window (x, y from h) at learning rate lr.
func (s *Searcher) Step(x, y, h, xv, yv, hv *tensors.Tensor, lr float64) (StepResult, error) {
	if err := s.ensureInitialized(x, y, h); err != nil {
		return StepResult{}, err
	}
	outs, err := s.step.Exec(x, y, h, xv, yv, hv, tensors.FromScalar(float32(lr)))
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{TrainLoss: darts.Scalar(outs[0]), TrainHidden: outs[1], GradNorm: darts.Scalar(outs[2]),
		ValLoss: darts.Scalar(outs[3]), ValHidden: outs[4]}, nil
}

// Evaluate returns the mean NLL of a window in inference mode and the next hidden state.
func (s *Searcher) Evaluate(x, y, h *tensors.Tensor) (float64, *tensors.Tensor, error) {
	if err := s.ensureInitialized(x, y, h); err != nil {
		return 0, nil, err
	}
	return s.evaluate(x, y, h)
}

// ensureInitialized builds the model once so that its variables exist before the architect
// lists them: by an evaluation on darts-cpu, on the host elsewhere (backend.InitializeOnHost).
func (s *Searcher) ensureInitialized(x, y, h *tensors.Tensor) error {
	if s.Net.Alphas(s.Ctx).HasValue() {
		return nil
	}
	if s.Backend.Name() == backend.Name {
		_, _, err := s.evaluate(x, y, h)
		return err
	}
	lr := tensors.FromScalar(float32(0))
	return backend.InitializeOnHost(s.Ctx,
		func(g *graph.Graph) {
			in := backend.ParametersLike(g, x, y, h)
			s.evalFn.(func(*context.Context, *graph.Node, *graph.Node, *graph.Node) []*graph.Node)(s.Ctx, in[0], in[1], in[2])
		},
		func(g *graph.Graph) {
			s.stepFn.(func(*context.Context, []*graph.Node) []*graph.Node)(s.Ctx, backend.ParametersLike(g, x, y, h, x, y, h, lr))
		})
}

// evaluate is Evaluate without the initialisation check (which uses it).
func (s *Searcher) evaluate(x, y, h *tensors.Tensor) (float64, *tensors.Tensor, error) {
	outs, err := s.eval.Exec(x, y, h)
	if err != nil {
		return 0, nil, err
	}
	return darts.Scalar(outs[0]), outs[1], nil
}

// ZeroHidden is the initial hidden state of a batch.
func (c Config) ZeroHidden(batch int) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(make([]float32, batch*c.Hidden), batch, c.Hidden)
}
