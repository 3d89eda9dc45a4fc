package rnn

import (
	"fmt"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// activation returns the node function of an op name, or nil.
func activation(name string) func(*graph.Node) *graph.Node {
	switch name {
	case "tanh":
		return graph.Tanh
	case "relu":
		return ops.ReLU
	case "sigmoid":
		return graph.Sigmoid
	case "identity":
		return func(x *graph.Node) *graph.Node { return x }
	}
	return nil
}

// cell holds one graph's view of the recurrent cell: its weights, this sequence's dropout masks
// and, for the search cell, softmax(α).
type cell struct {
	cfg          Config
	ctx          *context.Context
	w0           *graph.Node   // [2H, 2H]
	ws           []*graph.Node // per node [H, 2H]
	xMask, hMask *graph.Node   // [B, H] or nil outside training
	probs        *graph.Node   // [edges, primitives] (search cell)
}

func (c Config) newCell(ctx *context.Context, g *graph.Graph, batch int, training bool) *cell {
	cl := &cell{cfg: c, ctx: ctx}
	cl.w0 = weight(ctx, g, "w0", 2*c.Hidden, 2*c.Hidden)
	for i := range c.nodes() {
		cl.ws = append(cl.ws, weight(ctx, g, fmt.Sprintf("w%d", i+1), c.Hidden, 2*c.Hidden))
	}
	if training {
		cl.xMask = keepMask(ctx, g, c.X, batch, c.Hidden)
		cl.hMask = keepMask(ctx, g, c.HiddenDrop, batch, c.Hidden)
	}
	if c.Genotype == nil {
		cl.probs = graph.Softmax(c.Alphas(ctx).ValueGraph(g), -1)
	}
	return cl
}

// Alphas returns the search cell's α variable [NumEdges, len(Primitives)], created as
// 1e-3·N(0,1) (the reference) if needed. Edges are node by node, inputs in state order.
func (c Config) Alphas(ctx *context.Context) *context.Variable {
	arch := ctx.InAbsPath("/" + ArchScope).WithInitializer(initializers.RandomNormalFn(ctx, 1e-3))
	return arch.VariableWithShape("alphas_recurrent", shapes.Make(ops.DType, c.NumEdges(), len(Primitives)))
}

func (cl *cell) masked(x, mask *graph.Node) *graph.Node {
	if mask == nil {
		return x
	}
	return graph.Mul(x, mask)
}

// highway splits xw [.., 2H] into c = σ(·) and h = f(·) and returns prev + c·(h − prev).
func highway(prev, xw *graph.Node, f func(*graph.Node) *graph.Node, hidden int) *graph.Node {
	c, h := gates(xw, hidden)
	return mix(prev, c, f(h))
}

// gates splits xw [.., 2H] into the highway's gate c = σ(first half) and its candidate's input
// (second half).
func gates(xw *graph.Node, hidden int) (c, h *graph.Node) {
	last := xw.Rank() - 1
	c = graph.Sigmoid(graph.SliceAxis(xw, last, graph.AxisRange(0, hidden)))
	return c, graph.SliceAxis(xw, last, graph.AxisRange(hidden, 2*hidden))
}

// mix is the highway's output prev + c·(h − prev).
func mix(prev, c, h *graph.Node) *graph.Node {
	return graph.Add(prev, graph.Mul(c, graph.Sub(h, prev)))
}

// step is one time step: the new hidden state from input x [B, H] and the previous state.
func (cl *cell) step(x, hPrev *graph.Node) *graph.Node {
	hid := cl.cfg.Hidden
	xh := graph.Concatenate([]*graph.Node{cl.masked(x, cl.xMask), cl.masked(hPrev, cl.hMask)}, -1)
	s0 := highway(hPrev, nn.MatMul(xh, cl.w0), graph.Tanh, hid)
	if cl.cfg.Genotype != nil {
		return cl.derivedNodes(s0)
	}
	return cl.searchNodes(cl.batchNorm(s0))
}

func (cl *cell) derivedNodes(s0 *graph.Node) *graph.Node {
	states := []*graph.Node{s0}
	for i, e := range cl.cfg.Genotype.Edges {
		prev := states[e.From]
		states = append(states, highway(prev, nn.MatMul(cl.masked(prev, cl.hMask), cl.ws[i]), activation(e.Op), cl.cfg.Hidden))
	}
	var picked []*graph.Node
	for _, s := range cl.cfg.Genotype.Concat {
		picked = append(picked, states[s])
	}
	return graph.ReduceMean(graph.Stack(picked, 0), 0)
}

// searchNodes: node i mixes every op on every earlier state, weighted by softmax(α) of edge
// (j → i); each node's highway weights are shared by its incoming edges; the output is the mean
// of the nodes.
func (cl *cell) searchNodes(s0 *graph.Node) *graph.Node {
	hid := cl.cfg.Hidden
	states := []*graph.Node{s0}
	offset := 0
	for i := range cl.cfg.Steps {
		stacked := graph.Stack(states, 0) // [i+1, B, H]
		n, b := len(states), s0.Shape().Dimensions[0]
		in := stacked
		if cl.hMask != nil {
			in = graph.Mul(in, graph.ExpandAxes(cl.hMask, 0))
		}
		ch := graph.Reshape(nn.MatMul(graph.Reshape(in, n*b, hid), cl.ws[i]), n, b, 2*hid)
		// Σ over ops k and edges j of p_jk·(prev_j + c_j·(f_k(h_j) − prev_j)) is summed as
		// Σ_j (P_j·prev_j + c_j·(F_j − P_j·prev_j)) with P_j = Σ_k p_jk and F_j = Σ_k p_jk·f_k(h_j):
		// the same sum, in another order (rounding apart), but the backward pass keeps each
		// op's f_k(h) only, not each op's highway (f_k(h) − prev and its mix, two [i+1, B, H]
		// values per op and node per time step, most of a search step's memory).
		c, h := gates(ch, hid)
		var f, p *graph.Node
		for k, name := range Primitives {
			if name == "none" {
				continue
			}
			w := graph.Reshape(graph.Slice(cl.probs, graph.AxisRange(offset, offset+n), graph.AxisElem(k)), n, 1, 1)
			term := graph.Mul(activation(name)(h), w) // [i+1, B, H]
			if f == nil {
				f, p = term, w
			} else {
				f, p = graph.Add(f, term), graph.Add(p, w)
			}
		}
		kept := graph.Mul(stacked, p)
		s := graph.ReduceSum(graph.Add(kept, graph.Mul(c, graph.Sub(f, kept))), 0) // [B, H]
		states = append(states, cl.batchNorm(s))
		offset += n
	}
	return graph.ReduceMean(graph.Stack(states[1:], 0), 0)
}

// batchNorm is the search cell's non-affine BatchNorm1d over the hidden units, one module for s0
// and every node (as the reference).
func (cl *cell) batchNorm(x *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	y := ops.BatchNorm(cl.ctx.In("bn"), graph.Reshape(x, dims[0], 1, 1, dims[1]), false)
	return graph.Reshape(y, dims...)
}
