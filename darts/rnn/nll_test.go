package rnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestNLLMatchesLogSoftmaxOneHot: NLL of the logits has the value and the gradient, bit for bit,
// of the textbook form it replaces, −mean Σ_v log_softmax(logits)·onehot(targets); and given
// log-probabilities instead of logits it returns the same value.
func TestNLLMatchesLogSoftmaxOneHot(t *testing.T) {
	b := testbackend.CPU(t)
	const steps, batch, vocab = 5, 3, 37
	rng := rand.New(rand.NewPCG(7, 8))
	logits := make([]float32, steps*batch*vocab)
	for i := range logits {
		logits[i] = float32(3 * rng.NormFloat64())
	}
	targets := make([]int32, steps*batch)
	for i := range targets {
		targets[i] = int32(rng.IntN(vocab))
	}
	x := tensors.FromFlatDataAndDimensions(logits, steps*batch, vocab)
	y := tensors.FromFlatDataAndDimensions(targets, steps, batch)
	outs := graph.MustExecOnceN(b, func(x, y *graph.Node) []*graph.Node {
		textbook := func(x *graph.Node) *graph.Node {
			lp := graph.Reshape(graph.LogSoftmax(x, -1), steps, batch, vocab)
			picked := graph.ReduceSum(graph.Mul(lp, graph.OneHot(y, vocab, lp.DType())), -1)
			return graph.Neg(graph.ReduceAllMean(picked))
		}
		ours, want := NLL(x, y), textbook(x)
		ofLogProbs := NLL(graph.Reshape(graph.LogSoftmax(x, -1), steps, batch, vocab), y)
		return []*graph.Node{ours, want, graph.Gradient(ours, x)[0], graph.Gradient(want, x)[0], ofLogProbs}
	}, x, y)
	got, want := outs[0].Value().(float32), outs[1].Value().(float32)
	if math.Float32bits(got) != math.Float32bits(want) {
		t.Errorf("NLL %.9g, textbook %.9g", got, want)
	}
	gGot, gWant := tensors.MustCopyFlatData[float32](outs[2]), tensors.MustCopyFlatData[float32](outs[3])
	for i := range gWant {
		if math.Float32bits(gGot[i]) != math.Float32bits(gWant[i]) {
			t.Fatalf("gradient element %d (row %d, column %d): %.9g, textbook %.9g", i, i/vocab, i%vocab, gGot[i], gWant[i])
		}
	}
	if lp := outs[4].Value().(float32); math.Abs(float64(lp-want)) > 1e-6*math.Abs(float64(want)) {
		t.Errorf("NLL of log-probabilities %.9g, of logits %.9g", lp, want)
	}
}
