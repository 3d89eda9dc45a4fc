package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/architect"
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

	step, eval *context.Exec
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
	var err error
	s.eval, err = context.NewExec(backend, ctx, func(ctx *context.Context, x, y *graph.Node) []*graph.Node {
		loss, extras := net.Loss(ctx, []*graph.Node{x, y})
		return []*graph.Node{loss, extras[0]}
	})
	if err != nil {
		return nil, err
	}
	s.step, err = context.NewExec(backend, ctx, func(ctx *context.Context, x, y, xv, yv, lr *graph.Node) []*graph.Node {
		ctx.SetTraining(x.Graph(), true)
		r := s.Arch.Step(ctx, net.Loss, []*graph.Node{x, y}, []*graph.Node{xv, yv}, lr)
		outs := []*graph.Node{r.TrainLoss, r.TrainExtras[0], r.GradNorm}
		if r.ValLoss != nil {
			outs = append(outs, r.ValLoss, r.ValExtras[0])
		}
		return outs
	})
	return s, err
}

// Evaluate returns the loss and the number of correct predictions on a batch, in inference mode
// (batch norms use their running statistics). Its first call also creates and initialises the
// network's variables.
func (s *Searcher) Evaluate(x, y *tensors.Tensor) (loss, correct float64, err error) {
	outs, err := s.eval.Exec(x, y)
	if err != nil {
		return 0, 0, err
	}
	return scalar(outs[0]), scalar(outs[1]), nil
}

// Step runs one α step on (xv, yv) and one weight step on (x, y) with learning rate lr.
func (s *Searcher) Step(x, y, xv, yv *tensors.Tensor, lr float64) (StepResult, error) {
	if !s.initialized() {
		// Build the model once so its variables exist before the architect lists them.
		if _, _, err := s.Evaluate(x, y); err != nil {
			return StepResult{}, fmt.Errorf("search: initialising the network: %w", err)
		}
	}
	outs, err := s.step.Exec(x, y, xv, yv, tensors.FromScalar(float32(lr)))
	if err != nil {
		return StepResult{}, err
	}
	r := StepResult{TrainLoss: scalar(outs[0]), TrainCorrect: scalar(outs[1]), GradNorm: scalar(outs[2])}
	if len(outs) > 3 {
		r.ValLoss, r.ValCorrect = scalar(outs[3]), scalar(outs[4])
	}
	return r, nil
}

func (s *Searcher) initialized() bool {
	normal, _ := s.Net.Alphas(s.Ctx)
	return normal.HasValue()
}

func scalar(t *tensors.Tensor) float64 {
	switch v := t.Value().(type) {
	case float32:
		return float64(v)
	case float64:
		return v
	}
	panic(fmt.Sprintf("search: expected a float scalar, got %s", t.Shape()))
}
