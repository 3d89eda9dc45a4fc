package rnn

import (
	"slices"
	"strings"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Output is what Forward returns.
type Output struct {
	Logits   *graph.Node // [T·B, Vocab] the decoder's output, what NLL reads
	LogProbs *graph.Node // [T, B, Vocab] log-softmax of the decoder (built only where used)
	Hidden   *graph.Node // [B, Hidden]: the last time step's state, to carry into the next window
	States   *graph.Node // [T, B, Hidden]: the cell's outputs before output dropout (for regularisation)
	Dropped  *graph.Node // [T, B, Hidden]: the cell's outputs after output dropout, what the decoder reads
}

// weight creates (or reuses) a weight initialised U(-InitRange, InitRange), as the reference.
func weight(ctx *context.Context, g *graph.Graph, name string, dims ...int) *graph.Node {
	return ctx.WithInitializer(initializers.RandomUniformFn(ctx, -InitRange, InitRange)).
		VariableWithShape(name, shapes.Make(ops.DType, dims...)).ValueGraph(g)
}

// Forward runs the model on tokens [T, B] (int32) from hidden [B, Hidden]. In a training graph
// the dropouts are drawn (one mask per sequence, as the reference) from ctx's random state.
func (c Config) Forward(ctx *context.Context, tokens, hidden *graph.Node) Output {
	if err := c.Validate(); err != nil {
		panic(err)
	}
	g := tokens.Graph()
	training := ctx.IsTraining(g)
	dims := tokens.Shape().Dimensions
	steps, batch := dims[0], dims[1]

	embedding := weight(ctx.In("encoder"), g, "weights", c.Vocab, c.Hidden)
	table := embedding
	if training && c.Embedding > 0 { // drop whole words: rows of the table
		table = graph.Mul(table, keepMask(ctx, g, c.Embedding, c.Vocab, 1))
	}
	emb := graph.Gather(table, graph.ExpandAxes(tokens, -1)) // [T, B, H]
	if training && c.Input > 0 {
		emb = graph.Mul(emb, keepMask(ctx, g, c.Input, 1, batch, c.Hidden))
	}

	cell := c.newCell(ctx.In("cell"), g, batch, training)
	h := hidden
	outs := make([]*graph.Node, steps)
	for t := range steps {
		x := graph.Reshape(graph.Slice(emb, graph.AxisElem(t)), batch, c.Hidden)
		h = cell.step(x, h)
		outs[t] = h
	}
	states := graph.Stack(outs, 0) // [T, B, H]
	out := states
	if training && c.Output > 0 {
		out = graph.Mul(out, keepMask(ctx, g, c.Output, 1, batch, c.Hidden))
	}
	bias := ctx.In("decoder").WithInitializer(initializers.Zero).
		VariableWithShape("biases", shapes.Make(ops.DType, c.Vocab)).ValueGraph(g)
	flat := graph.Reshape(out, steps*batch, c.Hidden)
	// Tied decoder: flat·Eᵀ. (Not DotGeneral contracting both axis 1: GoMLX differentiates that
	// with a broadcast product of [T·B, V, H] elements, hundreds of GB at the paper size.)
	logits := graph.Add(nn.MatMul(flat, graph.Transpose(embedding, 0, 1)), graph.ExpandAxes(bias, 0))
	logProbs := graph.Reshape(graph.LogSoftmax(logits, -1), steps, batch, c.Vocab)
	return Output{Logits: logits, LogProbs: logProbs, Hidden: h, States: states, Dropped: out}
}

// keepMask is Bernoulli(1-p)/(1-p) noise of the given shape.
func keepMask(ctx *context.Context, g *graph.Graph, p float64, dims ...int) *graph.Node {
	u := ctx.RandomUniform(g, shapes.Make(ops.DType, dims...))
	keep := graph.Floor(graph.AddScalar(u, 1-p))
	return graph.MulScalar(keep, 1/(1-p))
}

// NLL is the mean negative log-likelihood of targets [T, B] under logits [T·B, V] (or [T, B, V]):
// −mean log softmax(logits)[target], with the value and gradient of the log-softmax followed by a
// one-hot product, bit for bit, but a smaller graph. The log-softmax [T·B, V] is never formed:
// the target's log-probability is (x_t − max) − log Σ exp(x − max) per row, so the gradient,
// e·(1/N)/Σe − onehot/N, needs only exp(x − max) from the forward pass and no vocabulary-sized
// reduction of its own; and the one-hot is a float comparison of the targets with a column
// index, which darts-cpu fuses into its consumers instead of writing out. At the paper's search
// size each vocabulary-sized value is 358 MB; this keeps four fewer of them alive at the loss.
// (Given log-probabilities it returns the same: their log-softmax is themselves.)
func NLL(logits, targets *graph.Node) *graph.Node {
	g, dtype := logits.Graph(), logits.DType()
	dims := logits.Shape().Dimensions
	v := dims[len(dims)-1]
	n := targets.Shape().Size()
	if v > 1<<24 { // token ids must be exact in float32
		panic("rnn.NLL: vocabulary too large for float32 token ids")
	}
	x := logits
	if len(dims) != 2 {
		x = graph.Reshape(logits, n, v)
	}
	shifted := graph.Sub(x, graph.StopGradient(graph.ReduceAndKeep(x, graph.ReduceMax, -1)))
	lse := graph.Log(graph.ReduceSum(graph.Exp(shifted), -1)) // [N]
	ids := graph.BroadcastToDims(graph.ConvertDType(graph.Reshape(targets, n, 1), dtype), n, v)
	columns := graph.BroadcastToDims(graph.Iota(g, shapes.Make(dtype, 1, v), 1), n, v)
	oneHot := graph.ConvertDType(graph.Equal(ids, columns), dtype)
	picked := graph.Sub(graph.ReduceSum(graph.Mul(shifted, oneHot), -1), lse)
	return graph.Neg(graph.ReduceAllMean(picked))
}

// Slowness is the reference's temporal activation regularisation: mean((h_t − h_{t−1})²) over the
// cell's outputs [T, B, H] (0 for one time step).
func Slowness(states *graph.Node) *graph.Node {
	t := states.Shape().Dimensions[0]
	if t < 2 {
		return graph.ScalarZero(states.Graph(), states.DType())
	}
	diff := graph.Sub(graph.Slice(states, graph.AxisRange(1, t)), graph.Slice(states, graph.AxisRange(0, t-1)))
	return graph.ReduceAllMean(graph.Square(diff))
}

// Regularised is the reference's training loss: nll plus beta times the slowness of the cell's
// outputs (--beta, temporal activation regularisation) plus, when alpha > 0, alpha times the
// mean square of the dropped outputs (--alpha, activation regularisation; the reference adds it
// only then, so alpha 0 leaves the graph as it was).
func Regularised(nll *graph.Node, out Output, alpha, beta float64) *graph.Node {
	loss := graph.Add(nll, graph.MulScalar(Slowness(out.States), beta))
	if alpha > 0 {
		loss = graph.Add(loss, graph.MulScalar(graph.ReduceAllMean(graph.Square(out.Dropped)), alpha))
	}
	return loss
}

func sortByName(vars []*context.Variable) {
	slices.SortFunc(vars, func(a, b *context.Variable) int { return strings.Compare(a.ScopeAndName(), b.ScopeAndName()) })
}
