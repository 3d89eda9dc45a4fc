package search

import (
	"github.com/dartsml/godarts/darts"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// WeightStep runs the weight step alone on (x, y) at learning rate lr: α and its optimiser are
// left as they are (PC-DARTS's warm-up epochs).
func (s *Searcher) WeightStep(x, y *tensors.Tensor, lr float64) (StepResult, error) {
	if err := s.ensureInitialized(x, y); err != nil {
		return StepResult{}, err
	}
	if s.weightOnly == nil {
		exec, err := context.NewExec(s.Backend, s.Ctx, func(ctx *context.Context, x, y, lr *graph.Node) []*graph.Node {
			ctx.SetTraining(x.Graph(), true)
			r := s.Arch.WeightStep(ctx, s.Net.Loss, []*graph.Node{x, y}, lr)
			return []*graph.Node{r.TrainLoss, r.TrainExtras[0], r.GradNorm}
		})
		if err != nil {
			return StepResult{}, err
		}
		s.weightOnly = exec
	}
	outs, err := s.weightOnly.Exec(x, y, tensors.FromScalar(float32(lr)))
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{TrainLoss: darts.Scalar(outs[0]), TrainCorrect: darts.Scalar(outs[1]), GradNorm: darts.Scalar(outs[2])}, nil
}
