package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// ForwardFn computes an op's output from its inputs. CustomVJP hands it gradient-stopped copies of
// the inputs, so nothing it builds is ever differentiated by GoMLX.
type ForwardFn func(inputs []*graph.Node) *graph.Node

// BackwardFn returns dL/d(input_i) for every input, given the inputs, the forward output and
// v = dL/d(output). Entries may be nil for inputs that never need a gradient. It is called at most
// once per graph.Gradient call, and only when some input's gradient is actually requested.
type BackwardFn func(inputs []*graph.Node, output, v *graph.Node) []*graph.Node

// CustomVJP builds forward(inputs) but makes reverse-mode autodiff use backward for its gradients,
// instead of differentiating the nodes forward created.
//
// GoMLX only offers a custom gradient for one-input identities (IdentityWithCustomGradient), so a
// multi-input op is assembled from them, relying on the fact that graph.Gradient visits nodes from
// the highest node id down (a node created later gets its VJP first):
//
//   - out0 = forward(StopGradient(input_i)...): the real computation, invisible to autodiff;
//   - anchor_i = IdentityWithCustomGradient(input_i, gradFor(i)), one per input;
//   - zero = Σ_i where(false, anchor_i[0,…,0], 0): a scalar zero that puts every anchor on the
//     path to the output at the cost of reading one element each (where rather than 0·x, so an
//     Inf or NaN in an input's first element cannot turn the whole output into NaN);
//   - out = IdentityWithCustomGradient(where(false, zero, out0), capture): created after the
//     anchors, so its VJP runs before theirs; capture remembers v = dL/d(out). The where is out0
//     bit for bit, and costs nothing where the backend folds a constant condition (darts-cpu,
//     XLA); adding the zero instead cost an elementwise pass over the output.
//
// When autodiff then reaches anchor_i, gradFor(i) ignores the (zero) gradient arriving there and
// returns the i-th result of backward(inputs, out0, v), computed once and shared by all anchors.
//
// backward receives the original (not gradient-stopped) inputs, so its result may itself be
// differentiated where the ops it uses have gradients.
func CustomVJP(inputs []*graph.Node, forward ForwardFn, backward BackwardFn) *graph.Node {
	if len(inputs) == 0 {
		panic("nn.CustomVJP: at least one input is required")
	}
	op := &customVJPState{inputs: inputs, backward: backward}

	stopped := make([]*graph.Node, len(inputs))
	for i, in := range inputs {
		stopped[i] = graph.StopGradient(in)
	}
	op.output = forward(stopped)
	if op.output == nil {
		panic("nn.CustomVJP: forward returned nil")
	}

	var zero *graph.Node
	for i, in := range inputs {
		if in.Shape().Size() == 0 {
			continue // An empty input has an empty (trivially zero) gradient; nothing to anchor.
		}
		anchor := graph.IdentityWithCustomGradient(in, op.gradientFor(i))
		dtype := op.output.DType()
		term := graph.Where(graph.Const(in.Graph(), false),
			graph.ConvertDType(firstElement(anchor), dtype), graph.ScalarZero(in.Graph(), dtype))
		if zero == nil {
			zero = term
		} else {
			zero = graph.Add(zero, term)
		}
	}
	withAnchors := op.output
	if zero != nil {
		// where(false, zero, out0) is out0 itself, bit for bit (out0 + 0 would turn −0 into +0),
		// and a backend can see that from the constant condition without a pass over it.
		withAnchors = graph.Where(graph.Const(op.output.Graph(), false), graph.BroadcastToShape(zero, op.output.Shape()), op.output)
	}
	return graph.IdentityWithCustomGradient(withAnchors, op.capture)
}

// customVJPState is what the identities created by one CustomVJP call share.
type customVJPState struct {
	inputs   []*graph.Node
	output   *graph.Node
	backward BackwardFn

	// v is dL/d(output) for the graph.Gradient call under way; grads caches backward's result
	// for that v. Each graph.Gradient call visits capture (and so refreshes v) before any anchor,
	// so several Gradient calls on one graph each get their own backward.
	v     *graph.Node
	grads []*graph.Node
}

func (op *customVJPState) capture(_, v *graph.Node) *graph.Node {
	op.v = v
	op.grads = nil
	return v
}

func (op *customVJPState) gradientFor(i int) func(x, v *graph.Node) *graph.Node {
	return func(x, _ *graph.Node) *graph.Node {
		if op.v == nil {
			// Only possible if an anchor were reachable without passing through the output,
			// which CustomVJP never lets happen.
			panic("nn.CustomVJP: an input's gradient was requested before the output's")
		}
		if op.grads == nil {
			op.grads = op.backward(op.inputs, op.output, op.v)
			if len(op.grads) != len(op.inputs) {
				panic(fmt.Sprintf("nn.CustomVJP: backward returned %d gradients for %d inputs",
					len(op.grads), len(op.inputs)))
			}
		}
		grad := op.grads[i]
		if grad == nil {
			return graph.ZerosLike(x)
		}
		if !grad.Shape().Equal(x.Shape()) {
			panic(fmt.Sprintf("nn.CustomVJP: backward's gradient #%d is shaped %s, but the input is %s",
				i, grad.Shape(), x.Shape()))
		}
		return grad
	}
}

// firstElement returns x[0,…,0] as a scalar: a Slice where the backend can differentiate it (its
// gradient is a Pad, dead code here but it must still be buildable), else a Gather (GoMLX's
// pure-Go backend has no Pad). On our CPU backend the Slice runs as our kernel, so x can stay in
// its planned memory instead of being handed to a pure-Go segment.
func firstElement(x *graph.Node) *graph.Node {
	if x.Rank() == 0 {
		return x
	}
	if hasOp(x, backends.OpTypePad) {
		first := make([]graph.SliceAxisSpec, x.Rank())
		for i := range first {
			first[i] = graph.AxisElem(0)
		}
		return graph.Reshape(graph.Slice(x, first...))
	}
	return graph.Gather(x, graph.Const(x.Graph(), make([]int32, x.Rank())))
}
