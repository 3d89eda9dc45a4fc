package architect

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// LossFn evaluates a model on a batch: the scalar mean loss and any extra outputs (logits,
// recurrent hidden states) the caller wants back. It reads weights and α from ctx variables, so
// the architect can substitute virtual weights by setting the variables' graph values.
type LossFn func(ctx *context.Context, batch []*graph.Node) (loss *graph.Node, extras []*graph.Node)

// Mode selects how α and w are optimised.
type Mode int

const (
	// Bilevel is DARTS: α on validation batches, w on training batches, alternating.
	Bilevel Mode = iota
	// Alternating is the paper's coordinate-descent ablation: the same alternating updates, with
	// both batches drawn from the union of training and validation data (the caller's choice of data).
	Alternating
	// Simultaneous is the paper's other ablation: one gradient of the training loss updates α and w
	// together, both by the weight optimiser (SGD).
	Simultaneous
)

// Config holds the hyper-parameters of the step.
type Config struct {
	Order     int        // 1 or 2 (second order applies to Bilevel and Alternating)
	Mode      Mode       //
	WeightOpt optim.SGD  // the paper: momentum 0.9, weight decay 3e-4
	ArchOpt   optim.Adam // the paper: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3
	GradClip  float64    // global-norm clip of the weight gradients; 0 disables (paper: 5)
	// ClipUnrolled makes the second-order step clip as the reference's recurrent architect does:
	// the virtual step uses the training gradients clipped to GradClip (global norm), the vector of
	// the Hessian-vector product is clipped likewise, and the implicit term is scaled by the first
	// clip's coefficient GradClip/(‖∇w L_train‖+1e-6) (unclamped, as the reference). The CNN
	// reference clips neither.
	ClipUnrolled bool
	// KeepInVirtualStep lists weights (by ScopeAndName) that the virtual step w′ leaves where they
	// are; their gradient still enters the Hessian-vector product's vector. The recurrent
	// reference does this, unintended, to its tied embedding: its unrolled model is loaded with
	// load_state_dict, whose decoder weight (the old value) lands last on the shared tensor. Empty:
	// every weight moves, the paper's equation.
	KeepInVirtualStep []string
	// WeightLoss, when set, is the weight step's loss instead of the loss Step is given (the
	// recurrent search adds activation regularisation there only, as the reference).
	WeightLoss LossFn
	// ArchStepBNStats makes the α step's forward passes update batch-norm running statistics as
	// the reference code's do (every forward of its model in training mode does): first order the
	// forward on the validation batch; second order the forward on the training batch at w (for the
	// virtual step) and the two at w± (the finite difference), but not the one at the virtual
	// weights w′, which the reference runs on a fresh copy of the model whose statistics are thrown
	// away. False: only the weight step's forward updates them (an α step then leaves them alone).
	ArchStepBNStats bool
	// ArchScope is the context scope holding α; every other trainable variable is a weight.
	ArchScope string
}

// PaperConfig is the CNN search's step: second order when order is 2.
func PaperConfig(order int, archScope string) Config {
	return Config{Order: order, Mode: Bilevel, WeightOpt: optim.SGD{Momentum: 0.9, WeightDecay: 3e-4},
		ArchOpt: optim.DefaultArchAdam(), GradClip: 5, ArchScope: archScope}
}

// Result holds the graph outputs of one step.
type Result struct {
	TrainLoss, ValLoss     *graph.Node   // losses at the weights before the step
	TrainExtras, ValExtras []*graph.Node // the LossFn's extra outputs for each batch
	GradNorm               *graph.Node   // weight-gradient global norm before clipping
}

// Variables splits ctx's trainable variables into α (under ArchScope) and weights, each sorted by
// scope and name: the order must not depend on how the context was filled (creation order, or a
// checkpoint's order after a resume), since sums over variables such as the global gradient norm
// round differently in another order, and a resumed run would drift from an uninterrupted one.
func (c Config) Variables(ctx *context.Context) (arch, weights []*context.Variable) {
	defer func() {
		byName := func(a, b *context.Variable) int { return strings.Compare(a.ScopeAndName(), b.ScopeAndName()) }
		slices.SortFunc(arch, byName)
		slices.SortFunc(weights, byName)
	}()
	prefix := "/" + strings.TrimPrefix(c.ArchScope, "/")
	for v := range ctx.IterVariables() {
		if !v.Trainable {
			continue
		}
		if v.Scope() == prefix || strings.HasPrefix(v.Scope(), prefix+"/") {
			arch = append(arch, v)
		} else {
			weights = append(weights, v)
		}
	}
	return arch, weights
}

// Step builds one search step in the graph of lr: an α step then a weight step. The model's
// variables must already exist in ctx (build and initialise the model once before).
func (c Config) Step(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node) Result {
	if c.Order != 1 && c.Order != 2 {
		panic(fmt.Sprintf("architect: Order=%d, want 1 or 2", c.Order))
	}
	arch, weights := c.Variables(ctx)
	if len(arch) == 0 || len(weights) == 0 {
		panic(fmt.Sprintf("architect: found %d α and %d weight variables; build the model in ctx first", len(arch), len(weights)))
	}
	g := lr.Graph()
	var r Result
	if c.Mode == Simultaneous {
		r.TrainLoss, r.TrainExtras, r.GradNorm = c.simultaneousStep(ctx, loss, train, lr, arch, weights)
		return r
	}
	var archGrads []*graph.Node
	r.ValLoss, r.ValExtras, archGrads = c.archGradients(ctx, loss, train, val, lr, arch, weights)
	c.ArchOpt.Update(ctx, arch, archGrads)
	for _, v := range arch {
		// The weight step sees the new α as a constant (its dependence on w is second order).
		v.SetValueGraph(graph.StopGradient(v.ValueGraph(g)))
	}
	w := c.WeightStep(ctx, loss, train, lr)
	r.TrainLoss, r.TrainExtras, r.GradNorm = w.TrainLoss, w.TrainExtras, w.GradNorm
	return r
}

// WeightStep builds the weight step alone (Step's second half, α held): the training loss,
// its extras and the gradient norm go into the result. PC-DARTS runs it alone during its warm-up
// epochs, with α frozen.
func (c Config) WeightStep(ctx *context.Context, loss LossFn, train []*graph.Node, lr *graph.Node) Result {
	_, weights := c.Variables(ctx)
	g := lr.Graph()
	var r Result
	withBNStats(ctx, g, true)
	weightLoss := loss
	if c.WeightLoss != nil {
		weightLoss = c.WeightLoss
	}
	var wGrads []*graph.Node
	r.TrainLoss, r.TrainExtras, wGrads = lossAndGrads(ctx, weightLoss, train, weights)
	r.GradNorm = optim.GlobalNorm(wGrads)
	if c.GradClip > 0 {
		wGrads = optim.ClipByNorm(wGrads, r.GradNorm, c.GradClip)
	}
	c.WeightOpt.Update(ctx, weights, wGrads, lr)
	return r
}

// ArchGradients builds the gradient the α step uses (first or second order, per c.Order) without
// updating α or the weights (batch-norm running statistics do change when ArchStepBNStats is set):
// the validation loss, its extras and one gradient per α variable (in the order of Variables).
func (c Config) ArchGradients(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node) (
	valLoss *graph.Node, valExtras, grads []*graph.Node) {
	arch, weights := c.Variables(ctx)
	return c.archGradients(ctx, loss, train, val, lr, arch, weights)
}

func (c Config) archGradients(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node,
	arch, weights []*context.Variable) (*graph.Node, []*graph.Node, []*graph.Node) {
	if c.Order == 1 {
		withBNStats(ctx, lr.Graph(), c.ArchStepBNStats)
		return lossAndGrads(ctx, loss, val, arch)
	}
	return c.unrolledArchGrads(ctx, loss, train, val, lr, arch, weights)
}

// simultaneousStep updates α and w together from one training-loss gradient.
func (c Config) simultaneousStep(ctx *context.Context, loss LossFn, train []*graph.Node, lr *graph.Node,
	arch, weights []*context.Variable) (*graph.Node, []*graph.Node, *graph.Node) {
	withBNStats(ctx, lr.Graph(), true)
	all := append(append([]*context.Variable{}, weights...), arch...)
	l, extras, grads := lossAndGrads(ctx, loss, train, all)
	wGrads, aGrads := grads[:len(weights)], grads[len(weights):]
	norm := optim.GlobalNorm(wGrads)
	if c.GradClip > 0 {
		wGrads = optim.ClipByNorm(wGrads, norm, c.GradClip)
	}
	c.WeightOpt.Update(ctx, weights, wGrads, lr)
	archOpt := c.WeightOpt
	archOpt.Name = "arch_sgd"
	archOpt.Update(ctx, arch, aGrads, lr)
	return l, extras, norm
}

// lossAndGrads evaluates the loss on batch with the variables' current graph values and returns
// its gradients with respect to those values.
func lossAndGrads(ctx *context.Context, loss LossFn, batch []*graph.Node, vars []*context.Variable) (
	*graph.Node, []*graph.Node, []*graph.Node) {
	l, extras := loss(ctx, batch)
	g := l.Graph()
	nodes := make([]*graph.Node, len(vars))
	for i, v := range vars {
		nodes[i] = v.ValueGraph(g)
	}
	return l, extras, nn.Gradient(l, nodes...)
}

// withBNStats says whether forwards built from now on update batch-norm running statistics: the
// weight step's forward does, the α step's per ArchStepBNStats.
func withBNStats(ctx *context.Context, g *graph.Graph, update bool) {
	ctx.SetGraphParam(g, darts.ParamUpdateBatchNormStats, update)
}
