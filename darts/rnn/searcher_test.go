package rnn

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestSearchStepsLearn runs first- and second-order search steps on a tiny model fed a
// deterministic language (token k is followed by k+1): the training loss must fall clearly, α
// must move, and the hidden states come back shaped [B, H].
func TestSearchStepsLearn(t *testing.T) {
	b := testbackend.CPU(t)
	const vocab, hidden, steps, batch = 12, 8, 5, 4
	flat := make([]int32, (steps+1)*batch)
	for i := range flat {
		flat[i] = int32((i/batch + 3*(i%batch)) % vocab)
	}
	x := tensors.FromFlatDataAndDimensions(flat[:steps*batch], steps, batch)
	y := tensors.FromFlatDataAndDimensions(flat[batch:], steps, batch)
	for _, order := range []int{1, 2} {
		net := Config{Vocab: vocab, Hidden: hidden, Steps: 3, Output: 0.1, HiddenDrop: 0.1, X: 0.1, Input: 0.1}
		s, err := NewSearcher(b, net, PaperArchitect(order, false), 1)
		if err != nil {
			t.Fatal(err)
		}
		var first, last float64
		for i := range 30 {
			r, err := s.Step(x, y, net.ZeroHidden(batch), x, y, net.ZeroHidden(batch), 2.0)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = r.TrainLoss
			}
			last = r.TrainLoss
			if got := r.TrainHidden.Shape().Dimensions; got[0] != batch || got[1] != hidden {
				t.Fatalf("hidden shape %v", got)
			}
		}
		alphas := tensors.MustCopyFlatData[float32](net.Alphas(s.Ctx).MustValue())
		var spread float64
		for _, a := range alphas {
			spread = max(spread, math.Abs(float64(a)))
		}
		t.Logf("order %d: loss %.3f -> %.3f (ln %d = %.3f); max |α| %.4f", order, first, last, vocab, math.Log(vocab), spread)
		if !(last < first-0.3) {
			t.Errorf("order %d: training loss %.3f -> %.3f, want a clear fall", order, first, last)
		}
		if spread < 0.01 {
			t.Errorf("order %d: α barely moved (max |α| %.4f)", order, spread)
		}
	}
}
