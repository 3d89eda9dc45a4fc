package optim

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// SGD is torch.optim.SGD with momentum and weight decay (dampening 0, no Nesterov):
//
//	d = g + wd·w;  buf = μ·buf + d;  w = w − lr·buf
//
// (PyTorch starts buf at d on the first step, which equals μ·0 + d.)
type SGD struct {
	Name        string  // scope of its state under /optimizer; "sgd" if empty
	Momentum    float64 // μ
	WeightDecay float64 // wd, coupled (added to the gradient)
}

func (o SGD) name() string {
	if o.Name == "" {
		return "sgd"
	}
	return o.Name
}

// Update applies one step to vars given their gradients (in the same order) and the learning rate
// (a scalar node, so a schedule does not recompile the graph). It sets the variables' new values in
// the graph with SetValueGraph.
func (o SGD) Update(ctx *context.Context, vars []*context.Variable, grads []*graph.Node, lr *graph.Node) {
	if len(vars) != len(grads) {
		panic(fmt.Sprintf("optim.SGD: %d variables but %d gradients", len(vars), len(grads)))
	}
	g := lr.Graph()
	for i, v := range vars {
		w := v.ValueGraph(g)
		d := o.Direction(ctx, v, w, grads[i])
		v.SetValueGraph(graph.Sub(w, graph.Mul(graph.ConvertDType(lr, w.DType()), d)))
	}
}

// Direction returns buf_new = μ·buf + g + wd·w and records it as the new momentum buffer.
func (o SGD) Direction(ctx *context.Context, v *context.Variable, w, grad *graph.Node) *graph.Node {
	d := grad
	if o.WeightDecay != 0 {
		d = graph.Add(d, graph.MulScalar(w, o.WeightDecay))
	}
	if o.Momentum == 0 {
		return d
	}
	buf := stateVariable(ctx, o.name(), v, "momentum")
	newBuf := graph.Add(graph.MulScalar(buf.ValueGraph(w.Graph()), o.Momentum), d)
	buf.SetValueGraph(newBuf)
	return newBuf
}

// MomentumBuffer returns the current momentum buffer of v (zeros before the first step), as the
// second-order architect needs it for the virtual step.
func (o SGD) MomentumBuffer(ctx *context.Context, v *context.Variable, g *graph.Graph) *graph.Node {
	return stateVariable(ctx, o.name(), v, "momentum").ValueGraph(g)
}
