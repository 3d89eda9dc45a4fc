package optim

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// stateVariable returns the optimiser state named name for parameter v, created as zeros of v's
// shape under /optimizer/<optName>/<v's scope>/<v's name>.
func stateVariable(ctx *context.Context, optName string, v *context.Variable, name string) *context.Variable {
	scope := "/optimizer/" + optName + v.Scope() + "/" + v.Name()
	return ctx.InAbsPath(scope).WithInitializer(initializers.Zero).
		VariableWithShape(name, v.Shape()).SetTrainable(false)
}

// scalarState returns a scalar counter of the optimiser, e.g. Adam's step count.
func scalarState(ctx *context.Context, optName, name string, g *graph.Graph, dtypeOf *graph.Node) *context.Variable {
	return ctx.InAbsPath("/optimizer/"+optName).WithInitializer(initializers.Zero).
		VariableWithShape(name, graph.Scalar(g, dtypeOf.DType(), 0).Shape()).SetTrainable(false)
}
