package search

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/record"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// CellPair and OpenStep are record.CellPair and record.OpenStep: plain values, kept apart
// from GoMLX so that figures can draw them without linking it.
type (
	CellPair = record.CellPair
	OpenStep = record.OpenStep
)

// OpenStep runs one search step on the training batch (x, y) and the validation batch (xv, yv)
// at weight learning rate lr, exactly as Step does, and returns its parts: before the step it
// evaluates, without changing anything, both orders' α gradients and the pieces of the second
// order one (ξ = lr). Batch-norm running statistics move only in the step itself, as Step moves
// them (RunConfig.BNStats); the inspection before it leaves them alone.
// The searcher must use a bilevel or alternating mode (simultaneous has no α step of its own).
func (s *Searcher) OpenStep(x, y, xv, yv *tensors.Tensor, lr float64) (*OpenStep, error) {
	if s.Arch.Mode == architect.Simultaneous {
		return nil, fmt.Errorf("search: OpenStep: the simultaneous mode has no separate α step")
	}
	if err := s.ensureInitialized(x, y); err != nil {
		return nil, err
	}
	if s.open == nil {
		exec, err := context.NewExec(s.Backend, s.Ctx, s.openGraph)
		if err != nil {
			return nil, err
		}
		s.open = exec
	}
	o := &OpenStep{Order: s.Arch.Order, WeightLR: lr}
	var err error
	if o.AlphaBefore, err = s.alphaPair(); err != nil {
		return nil, err
	}
	wBefore, err := s.weightValues()
	if err != nil {
		return nil, err
	}
	outs, err := s.open.Exec(x, y, xv, yv, tensors.FromScalar(float32(lr)))
	if err != nil {
		return nil, err
	}
	scalars := outs[:6]
	o.ValLoss, o.VirtualValLoss = darts.Scalar(scalars[0]), darts.Scalar(scalars[1])
	o.Xi, o.Radius, o.VNorm = darts.Scalar(scalars[3]), darts.Scalar(scalars[4]), darts.Scalar(scalars[5])
	pairs := []*CellPair{&o.First, &o.Unrolled, &o.Implicit, &o.Second}
	for k, p := range pairs {
		if *p, err = s.pairOf(outs[6+2*k], outs[7+2*k]); err != nil {
			return nil, err
		}
	}
	o.Difference = o.Second.Minus(o.First)

	r, err := s.Step(x, y, xv, yv, lr)
	if err != nil {
		return nil, err
	}
	o.TrainLossBefore, o.WeightGradNorm = r.TrainLoss, r.GradNorm
	if o.AlphaAfter, err = s.alphaPair(); err != nil {
		return nil, err
	}
	wAfter, err := s.weightValues()
	if err != nil {
		return nil, err
	}
	sum := 0.0
	for i := range wBefore {
		for j := range wBefore[i] {
			d := float64(wAfter[i][j]) - float64(wBefore[i][j])
			sum += d * d
		}
	}
	o.WeightUpdateNorm = math.Sqrt(sum)
	outs, err = s.open.Exec(x, y, xv, yv, tensors.FromScalar(float32(lr)))
	if err != nil {
		return nil, err
	}
	o.TrainLossAfter = darts.Scalar(outs[2])
	o.SoftmaxBefore = CellPair{Normal: softmaxMatrix(o.AlphaBefore.Normal), Reduce: softmaxMatrix(o.AlphaBefore.Reduce)}
	o.SoftmaxAfter = CellPair{Normal: softmaxMatrix(o.AlphaAfter.Normal), Reduce: softmaxMatrix(o.AlphaAfter.Reduce)}
	return o, nil
}

// openGraph evaluates, in training mode and without touching any variable or batch-norm
// statistic: L_val(w, α), L_val(w′, α), L_train(w, α), ξ, R, ‖v‖, then per gradient (first,
// unrolled, implicit, second) its normal and reduce matrices.
func (s *Searcher) openGraph(ctx *context.Context, x, y, xv, yv, lr *graph.Node) []*graph.Node {
	g := x.Graph()
	ctx.SetTraining(g, true)
	ctx.SetGraphParam(g, darts.ParamUpdateBatchNormStats, false)
	train, val := []*graph.Node{x, y}, []*graph.Node{xv, yv}
	inspect := s.Arch
	inspect.ArchStepBNStats = false // else the α step's forwards would update the statistics
	first := inspect
	first.Order = 1
	valLoss, _, g1 := first.ArchGradients(ctx, s.Net.Loss, train, val, lr)
	p := inspect.SecondOrderParts(ctx, s.Net.Loss, train, val, lr)
	trainLoss, _ := s.Net.Loss(ctx, train)
	outs := []*graph.Node{valLoss, p.ValLoss, trainLoss, p.Xi, p.Radius, p.VNorm}
	arch, _ := s.Arch.Variables(ctx)
	normal, reduce := s.Net.Alphas(ctx)
	for _, grads := range [][]*graph.Node{g1, p.Unrolled, p.Implicit, p.Grads} {
		byVar := map[*context.Variable]*graph.Node{}
		for i, v := range arch {
			byVar[v] = grads[i]
		}
		outs = append(outs, byVar[normal], byVar[reduce])
	}
	return outs
}

func (s *Searcher) alphaPair() (CellPair, error) {
	n, r := s.Net.Alphas(s.Ctx)
	nt, err := n.Value()
	if err != nil {
		return CellPair{}, err
	}
	rt, err := r.Value()
	if err != nil {
		return CellPair{}, err
	}
	return s.pairOf(nt, rt)
}

func (s *Searcher) pairOf(normal, reduce *tensors.Tensor) (CellPair, error) {
	n, err := matrixOf(normal)
	if err != nil {
		return CellPair{}, err
	}
	r, err := matrixOf(reduce)
	return CellPair{Normal: n, Reduce: r}, err
}

// matrixOf copies a [rows, cols] float32 tensor into a [][]float64.
func matrixOf(t *tensors.Tensor) ([][]float64, error) {
	dims := t.Shape().Dimensions
	if len(dims) != 2 {
		return nil, fmt.Errorf("search: want an [edges, ops] matrix, got shape %s", t.Shape())
	}
	flat := tensors.MustCopyFlatData[float32](t)
	out := make([][]float64, dims[0])
	for i := range out {
		out[i] = make([]float64, dims[1])
		for j := range out[i] {
			out[i][j] = float64(flat[i*dims[1]+j])
		}
	}
	return out, nil
}

// weightValues copies every weight variable (the trainable ones outside α).
func (s *Searcher) weightValues() ([][]float32, error) {
	_, weights := s.Arch.Variables(s.Ctx)
	out := make([][]float32, len(weights))
	for i, v := range weights {
		t, err := v.Value()
		if err != nil {
			return nil, fmt.Errorf("search: reading %s: %w", v.ScopeAndName(), err)
		}
		out[i] = tensors.MustCopyFlatData[float32](t)
	}
	return out, nil
}

// softmaxMatrix is the row-wise softmax in float64 (for display; the search's own softmax is float32).
func softmaxMatrix(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i, row := range m {
		mx := math.Inf(-1)
		for _, v := range row {
			mx = math.Max(mx, v)
		}
		sum := 0.0
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = math.Exp(v - mx)
			sum += out[i][j]
		}
		for j := range row {
			out[i][j] /= sum
		}
	}
	return out
}

// OpenStepOf builds cfg's search network and opens the search step that follows `after`
// ordinary steps (after ≥ 1 lets Adam's moments build up: its very first step moves every α
// entry by about the α learning rate, whatever the gradient's size), on the batches Run would
// draw (the same seeds), at the first epoch's learning rate. Bilevel data only: the ablations'
// alternating mode is opened on the same halves.
func OpenStepOf(b backends.Backend, cfg RunConfig, data Data, after int) (*OpenStep, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkSplit(data); err != nil {
		return nil, err
	}
	seed := uint64(cfg.Seed)
	trainBatches, err := dataset.NewBatcher(data.Train, dataset.Config{BatchSize: cfg.BatchSize, Seed: seed, Shuffle: true, Augment: data.Augment})
	if err != nil {
		return nil, fmt.Errorf("search: training batches: %w", err)
	}
	valBatches, err := dataset.NewBatcher(data.Val, dataset.Config{BatchSize: cfg.BatchSize, Seed: seed + 1, Shuffle: true, Augment: data.Augment})
	if err != nil {
		return nil, fmt.Errorf("search: validation batches: %w", err)
	}
	s, err := NewSearcher(b, cfg.Net, cfg.Architect(), cfg.Seed)
	if err != nil {
		return nil, err
	}
	tb, vb := trainBatches.NewBatch(), valBatches.NewBatch()
	lr := cfg.EpochLR(0)
	for i := 0; ; i++ {
		trainBatches.NextCyclic(tb)
		valBatches.NextCyclic(vb)
		x, y, xv, yv := batchTensors(tb), batchLabels(tb), batchTensors(vb), batchLabels(vb)
		if i == after {
			return s.OpenStep(x, y, xv, yv, lr)
		}
		if _, err := s.Step(x, y, xv, yv, lr); err != nil {
			return nil, err
		}
	}
}
