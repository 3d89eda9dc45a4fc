package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Searcher runs the search steps of one network: it owns the context (weights, α, optimiser
// state) and the compiled step and evaluation graphs.
type Searcher struct {
	Net     Config
	Arch    architect.Config
	Backend backends.Backend
	Ctx     *context.Context

	step, eval     *context.Exec
	stepFn, evalFn any           // the graph functions of step and eval, for InitializeOnHost
	open           *context.Exec // OpenStep's graph, built on its first call
	weightOnly     *context.Exec // WeightStep's graph, built on its first call
}

// StepResult holds the metrics of one step (losses at the weights before the step).
type StepResult struct {
	TrainLoss, ValLoss       float64
	TrainCorrect, ValCorrect float64
	GradNorm                 float64
}

// NewSearcher creates the network's variables (seeded) in a new context.
func NewSearcher(backend backends.Backend, net Config, arch architect.Config, seed int64) (*Searcher, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if arch.ArchScope == "" {
		arch.ArchScope = ArchScope
	}
	// Unchecked: a step builds the network several times (virtual weights), reusing its variables.
	ctx := context.New().Checked(false)
	ctx.SetParam(initializers.ParamInitialSeed, seed)
	s := &Searcher{Net: net, Arch: arch, Backend: backend, Ctx: ctx}
	evalFn := func(ctx *context.Context, x, y *graph.Node) []*graph.Node {
		loss, extras := net.Loss(ctx, []*graph.Node{x, y})
		return []*graph.Node{loss, extras[0]}
	}
	stepFn := func(ctx *context.Context, x, y, xv, yv, lr *graph.Node) []*graph.Node {
		ctx.SetTraining(x.Graph(), true)
		r := s.Arch.Step(ctx, net.Loss, []*graph.Node{x, y}, []*graph.Node{xv, yv}, lr)
		outs := []*graph.Node{r.TrainLoss, r.TrainExtras[0], r.GradNorm}
		if r.ValLoss != nil {
			outs = append(outs, r.ValLoss, r.ValExtras[0])
		}
		return outs
	}
	s.evalFn, s.stepFn = evalFn, stepFn
	var err error
	if s.eval, err = context.NewExec(backend, ctx, evalFn); err != nil {
		return nil, err
	}
	s.step, err = context.NewExec(backend, ctx, stepFn)
	return s, err
}

// Evaluate returns the loss and the number of correct predictions on a batch, in inference mode
// (batch norms use their running statistics). Its first call also creates and initialises the
// network's variables (on the host off darts-cpu: see ensureInitialized).
func (s *Searcher) Evaluate(x, y *tensors.Tensor) (loss, correct float64, err error) {
	if err := s.ensureInitialized(x, y); err != nil {
		return 0, 0, err
	}
	return s.evaluate(x, y)
}

// evaluate is Evaluate without the initialisation check (which uses it on darts-cpu).
func (s *Searcher) evaluate(x, y *tensors.Tensor) (loss, correct float64, err error) {
	outs, err := s.eval.Exec(x, y)
	if err != nil {
		return 0, 0, err
	}
	return darts.Scalar(outs[0]), darts.Scalar(outs[1]), nil
}

// Compile builds and compiles the step graph for these batch shapes without running it (the
// first call of Evaluate or Step would otherwise do it), so that compile time can be measured on
// its own. It initialises the network first if needed.
func (s *Searcher) Compile(x, y, xv, yv *tensors.Tensor, lr float64) error {
	if err := s.ensureInitialized(x, y); err != nil {
		return err
	}
	// darts.PreCompile keeps the variables' values, which GoMLX's PreCompile would lose.
	return darts.PreCompile(s.Backend, s.Ctx, s.step, x, y, xv, yv, tensors.FromScalar(float32(lr)))
}

// ensureInitialized creates and initialises the variables before the first graph runs: off
// darts-cpu on the host, so that GoMLX never builds its variable-initialisation graph on XLA
// (see backend.InitializeOnHost); on darts-cpu by a first evaluation, which initialises them.
// Either way, or when they came from a checkpoint, it then stores the edge variables as the
// backend's formulation wants them (matchFormulation): host initialisation makes them per edge.
func (s *Searcher) ensureInitialized(x, y *tensors.Tensor) error {
	if s.initialized() {
		return s.matchFormulation()
	}
	if s.Backend.Name() != backend.Name {
		if err := s.initializeOnHost(x, y); err != nil {
			return err
		}
		return s.matchFormulation()
	}
	// Build the model once so its variables exist before the architect lists them.
	if _, _, err := s.evaluate(x, y); err != nil {
		return fmt.Errorf("search: initialising the network: %w", err)
	}
	return nil
}

// Step runs one α step on (xv, yv) and one weight step on (x, y) with learning rate lr.
func (s *Searcher) Step(x, y, xv, yv *tensors.Tensor, lr float64) (StepResult, error) {
	if err := s.ensureInitialized(x, y); err != nil {
		return StepResult{}, err
	}
	outs, err := s.step.Exec(x, y, xv, yv, tensors.FromScalar(float32(lr)))
	if err != nil {
		return StepResult{}, err
	}
	r := StepResult{TrainLoss: darts.Scalar(outs[0]), TrainCorrect: darts.Scalar(outs[1]), GradNorm: darts.Scalar(outs[2])}
	if len(outs) > 3 {
		r.ValLoss, r.ValCorrect = darts.Scalar(outs[3]), darts.Scalar(outs[4])
	}
	return r, nil
}

// initializeOnHost creates the variables of the evaluation and step graphs and initialises them
// on the CPU (see backend.InitializeOnHost for why).
func (s *Searcher) initializeOnHost(x, y *tensors.Tensor) error {
	lr := tensors.FromScalar(float32(0))
	err := backend.InitializeOnHost(s.Ctx,
		func(g *graph.Graph) {
			in := backend.ParametersLike(g, x, y)
			s.evalFn.(func(*context.Context, *graph.Node, *graph.Node) []*graph.Node)(s.Ctx, in[0], in[1])
		},
		func(g *graph.Graph) {
			in := backend.ParametersLike(g, x, y, x, y, lr)
			s.stepFn.(func(*context.Context, *graph.Node, *graph.Node, *graph.Node, *graph.Node, *graph.Node) []*graph.Node)(
				s.Ctx, in[0], in[1], in[2], in[3], in[4])
		})
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

func (s *Searcher) initialized() bool {
	normal, _ := s.Net.Alphas(s.Ctx)
	return normal.HasValue()
}
