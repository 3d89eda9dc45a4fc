package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// BuildStep builds the step graph (the one Step runs) for these batch shapes on g, a new graph
// of the searcher's backend, and returns its outputs (those of Step, then the variables' new
// values, as context.Exec compiles them), without compiling or running it: to count
// what a backend would receive (darts bench -graph). It initialises the variables first if
// needed, on the host, so that no graph runs on any backend.
func (s *Searcher) BuildStep(g *graph.Graph, x, y, xv, yv *tensors.Tensor) (outs []*graph.Node, err error) {
	if !s.initialized() {
		if err := s.initializeOnHost(x, y); err != nil {
			return nil, err
		}
	}
	if err := s.matchFormulation(); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search: building the step graph: %v", r)
		}
	}()
	in := backend.ParametersLike(g, x, y, xv, yv, tensors.FromScalar(float32(0)))
	step := s.stepFn.(func(*context.Context, *graph.Node, *graph.Node, *graph.Node, *graph.Node, *graph.Node) []*graph.Node)
	outs = step(s.Ctx, in[0], in[1], in[2], in[3], in[4])
	// As context.Exec does, the new values of the variables the step changed are outputs too.
	s.Ctx.EnumerateVariables(func(v *context.Variable) {
		if v.ChangedInGraph(g) {
			outs = append(outs, v.ValueGraph(g))
		}
	})
	return outs, nil
}
