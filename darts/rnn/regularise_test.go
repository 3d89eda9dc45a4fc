package rnn

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestRegularisedAlphaBeta: the weight step's loss is the NLL plus β·mean((h_t − h_{t−1})²) plus
// α·mean(h²) of the dropped outputs (train_search.py's and train.py's --beta and --alpha), checked
// against the terms computed here from the cell's outputs (no dropout: dropped = outputs); and
// the trainer's step uses its Alpha (a different gradient norm).
func TestRegularisedAlphaBeta(t *testing.T) {
	b := testbackend.CPU(t)
	net := Config{Vocab: 7, Hidden: 4, Steps: 2}
	const steps, batch, alpha, beta = 5, 3, 0.5, 0.25
	tok := make([]int32, steps*batch)
	tg := make([]int32, steps*batch)
	for i := range tok {
		tok[i], tg[i] = int32(i*3%7), int32((i*5+1)%7)
	}
	x, y := tensors.FromFlatDataAndDimensions(tok, steps, batch), tensors.FromFlatDataAndDimensions(tg, steps, batch)
	h := tensors.FromFlatDataAndDimensions(make([]float32, batch*net.Hidden), batch, net.Hidden)
	ctx := context.New().Checked(false)
	ctx.SetRNGStateFromSeed(1)
	outs := context.MustNewExec(b, ctx, func(ctx *context.Context, tokens, targets, hidden *graph.Node) []*graph.Node {
		ctx.SetTraining(tokens.Graph(), true)
		loss, extras := net.RegularisedLossWith(alpha, beta)(ctx, []*graph.Node{tokens, targets, hidden})
		return []*graph.Node{loss, extras[1], net.Forward(ctx, tokens, hidden).States}
	}).MustExec(x, y, h)
	loss, nll := float64(outs[0].Value().(float32)), float64(outs[1].Value().(float32))
	s := tensors.MustCopyFlatData[float32](outs[2])
	row := batch * net.Hidden
	var slow, square float64
	for i, v := range s {
		square += float64(v) * float64(v)
		if i >= row {
			d := float64(v - s[i-row])
			slow += d * d
		}
	}
	slow /= float64(len(s) - row)
	square /= float64(len(s))
	if want := nll + beta*slow + alpha*square; math.Abs(loss-want) > 1e-5*math.Abs(want) || square == 0 {
		t.Errorf("loss %.7g, want NLL %.7g + β·slowness %.7g + α·mean square %.7g = %.7g", loss, nll, beta*slow, alpha*square, want)
	}

	norms := map[float64]float64{}
	for _, a := range []float64{0, 10} {
		opt := PaperTrain()
		opt.Alpha = a
		eval := Config{Vocab: 7, Hidden: 4, Genotype: ptr(dartsCell(t))}
		tr, err := NewTrainer(b, eval, opt, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, norm, _, err := tr.Step(x, y, h, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		norms[a] = norm
	}
	if norms[0] == norms[10] {
		t.Errorf("the trainer's gradient norm is %g with Alpha 0 and 10: Alpha is ignored", norms[0])
	}
}
