package optim

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Adam is torch.optim.Adam with coupled (L2) weight decay, as DARTS uses for α:
//
//	g ← g + wd·w;  m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²
//	w ← w − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
type Adam struct {
	Name         string // scope of its state under /optimizer; "adam" if empty
	LR           float64
	Beta1, Beta2 float64
	Epsilon      float64 // PyTorch's default is 1e-8
	WeightDecay  float64
}

func (o Adam) name() string {
	if o.Name == "" {
		return "adam"
	}
	return o.Name
}

// Update applies one Adam step to vars given their gradients, with SetValueGraph.
func (o Adam) Update(ctx *context.Context, vars []*context.Variable, grads []*graph.Node) {
	if len(vars) != len(grads) {
		panic(fmt.Sprintf("optim.Adam: %d variables but %d gradients", len(vars), len(grads)))
	}
	if len(vars) == 0 {
		return
	}
	g := grads[0].Graph()
	stepVar := scalarState(ctx, o.name(), "step", g, grads[0])
	step := graph.AddScalar(stepVar.ValueGraph(g), 1)
	stepVar.SetValueGraph(step)
	// Bias corrections 1−β^t, computed in the graph from the step count.
	bc1 := graph.OneMinus(graph.Pow(graph.Scalar(g, step.DType(), o.Beta1), step))
	bc2 := graph.OneMinus(graph.Pow(graph.Scalar(g, step.DType(), o.Beta2), step))
	stepSize := graph.Div(graph.Scalar(g, step.DType(), o.LR), bc1)
	sqrtBC2 := graph.Sqrt(bc2)
	for i, v := range vars {
		w := v.ValueGraph(g)
		grad := grads[i]
		if o.WeightDecay != 0 {
			grad = graph.Add(grad, graph.MulScalar(w, o.WeightDecay))
		}
		mVar := stateVariable(ctx, o.name(), v, "m")
		vVar := stateVariable(ctx, o.name(), v, "v")
		m := graph.Add(graph.MulScalar(mVar.ValueGraph(g), o.Beta1), graph.MulScalar(grad, 1-o.Beta1))
		sq := graph.Add(graph.MulScalar(vVar.ValueGraph(g), o.Beta2), graph.MulScalar(graph.Square(grad), 1-o.Beta2))
		mVar.SetValueGraph(m)
		vVar.SetValueGraph(sq)
		denom := graph.AddScalar(graph.Div(graph.Sqrt(sq), graph.ConvertDType(sqrtBC2, w.DType())), o.Epsilon)
		update := graph.Mul(graph.ConvertDType(stepSize, w.DType()), graph.Div(m, denom))
		v.SetValueGraph(graph.Sub(w, update))
	}
}

// DefaultArchAdam is the paper's α optimiser: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3.
func DefaultArchAdam() Adam {
	return Adam{Name: "arch_adam", LR: 3e-4, Beta1: 0.5, Beta2: 0.999, Epsilon: 1e-8, WeightDecay: 1e-3}
}

// CosineLR is torch's CosineAnnealingLR evaluated at epoch t of T: min + (max−min)(1+cos(πt/T))/2.
func CosineLR(maxLR, minLR float64, epoch, epochs int) float64 {
	return minLR + (maxLR-minLR)*(1+math.Cos(math.Pi*float64(epoch)/float64(epochs)))/2
}
