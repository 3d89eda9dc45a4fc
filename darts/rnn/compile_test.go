package rnn

import (
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestTrainerCompileKeepsState: compiling the training step ahead (as bench-train does) leaves
// the weights and the dropout RNG as they were: the steps that follow give bitwise the losses of
// a trainer that never pre-compiled.
func TestTrainerCompileKeepsState(t *testing.T) {
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
	losses := func(compile bool) []float64 {
		tr, err := NewTrainer(b, net, PaperTrain(), 3)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := tr.Evaluate(x, y, net.ZeroHidden(batch), false); err != nil {
			t.Fatal(err)
		}
		if compile {
			if err := tr.Compile(x, y, net.ZeroHidden(batch)); err != nil {
				t.Fatal(err)
			}
		}
		var out []float64
		for range 3 {
			loss, _, _, err := tr.Step(x, y, net.ZeroHidden(batch), 20, false)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, loss)
		}
		return out
	}
	want, got := losses(false), losses(true)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d after Compile: loss %.9g, want %.9g (as without Compile)", i, got[i], want[i])
		}
	}
}
