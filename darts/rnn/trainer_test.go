package rnn

import (
	"math"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestTrainerSGDThenASGD: SGD steps lower the loss on a deterministic language and leave no ASGD
// state behind; after the switch
// the averaged weights are exactly the mean of the weights after each ASGD step but the first
// (PyTorch's ASGD, as train.py uses it), and evaluation with them runs.
func TestTrainerSGDThenASGD(t *testing.T) {
	b := testbackend.CPU(t)
	const vocab, steps, batch = 12, 5, 4
	flat := make([]int32, (steps+1)*batch)
	for i := range flat {
		flat[i] = int32((i/batch + 3*(i%batch)) % vocab)
	}
	x := tensors.FromFlatDataAndDimensions(flat[:steps*batch], steps, batch)
	y := tensors.FromFlatDataAndDimensions(flat[batch:], steps, batch)
	g := dartsCell(t)
	net := Config{Vocab: vocab, Hidden: 8, Genotype: &g, Output: 0.1, HiddenDrop: 0.1, X: 0.1, Input: 0.1, Embedding: 0.1}
	tr, err := NewTrainer(b, net, PaperTrain(), 3)
	if err != nil {
		t.Fatal(err)
	}
	first, _, err := tr.Evaluate(x, y, net.ZeroHidden(batch), false)
	if err != nil {
		t.Fatal(err)
	}
	for range 40 {
		if _, _, _, err := tr.Step(x, y, net.ZeroHidden(batch), 20, false); err != nil {
			t.Fatal(err)
		}
	}
	last, _, err := tr.Evaluate(x, y, net.ZeroHidden(batch), false)
	if err != nil {
		t.Fatal(err)
	}
	if !(last < first-0.5) {
		t.Errorf("SGD: evaluation NLL %.3f -> %.3f, want a clear fall", first, last)
	}
	// Before the switch there is no ASGD state: its averages would be a second copy of the
	// weights (the first averaged step creates them, zero, as PyTorch's ASGD does).
	for v := range tr.Ctx.IterVariables() {
		if strings.HasPrefix(v.Scope(), "/optimizer/asgd") {
			t.Errorf("before the switch to ASGD, %s exists", v.ScopeAndName())
		}
	}
	w0 := weights(tr.Ctx)[0]
	var sum []float64
	const asgdSteps = 3
	for k := range asgdSteps {
		if _, _, _, err := tr.Step(x, y, net.ZeroHidden(batch), 20, true); err != nil {
			t.Fatal(err)
		}
		vals := tensors.MustCopyFlatData[float32](w0.MustValue())
		if sum == nil {
			sum = make([]float64, len(vals))
		}
		if k == 0 {
			continue
		}
		for i, v := range vals {
			sum[i] += float64(v)
		}
	}
	avg := tensors.MustCopyFlatData[float32](averageOf(tr.Ctx, w0).MustValue())
	var worst float64
	for i := range avg {
		worst = max(worst, math.Abs(float64(avg[i])-sum[i]/(asgdSteps-1)))
	}
	if worst > 1e-6 {
		t.Errorf("ASGD average of %s is off the mean of its last %d values by %.2g", w0.ScopeAndName(), asgdSteps-1, worst)
	}
	plain, _, err := tr.Evaluate(x, y, net.ZeroHidden(batch), false)
	if err != nil {
		t.Fatal(err)
	}
	averaged, _, err := tr.Evaluate(x, y, net.ZeroHidden(batch), true)
	if err != nil {
		t.Fatal(err)
	}
	after := tensors.MustCopyFlatData[float32](w0.MustValue())
	if plain == averaged || math.IsNaN(averaged) {
		t.Errorf("evaluation with averaged weights %.4f, with the weights %.4f: want a different, finite value", averaged, plain)
	}
	if again := tensors.MustCopyFlatData[float32](w0.MustValue()); again[0] != after[0] {
		t.Error("evaluating with the averages changed the weights")
	}
	t.Logf("SGD: evaluation NLL %.3f -> %.3f; after ASGD %.3f (weights) / %.3f (averages)", first, last, plain, averaged)
}
