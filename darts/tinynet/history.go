package tinynet

import "fmt"

// History records one entry per training step, in order: the step's index (0-based, counted over
// the Trainer's whole life), its batch's mean loss and accuracy (measured on the weights before the
// update, as PyTorch training loops report them) and its learning rate.
type History struct {
	Steps    []int
	Loss     []float64
	Accuracy []float64 // fraction of the batch classified correctly, in [0, 1]
	LR       []float64
}

// Add appends one step.
func (h *History) Add(step int, loss, accuracy, lr float64) {
	h.Steps = append(h.Steps, step)
	h.Loss = append(h.Loss, loss)
	h.Accuracy = append(h.Accuracy, accuracy)
	h.LR = append(h.LR, lr)
}

// Len is the number of recorded steps.
func (h *History) Len() int { return len(h.Steps) }

// StepAxis returns Steps as float64, the x axis of a loss curve.
func (h *History) StepAxis() []float64 {
	x := make([]float64, len(h.Steps))
	for i, s := range h.Steps {
		x[i] = float64(s)
	}
	return x
}

// Tail returns the mean loss and accuracy of the last n steps (all steps when fewer): single
// batches are noisy, so progress lines and summaries average a window.
func (h *History) Tail(n int) (loss, accuracy float64) {
	n = min(n, h.Len())
	if n <= 0 {
		return 0, 0
	}
	for i := h.Len() - n; i < h.Len(); i++ {
		loss += h.Loss[i]
		accuracy += h.Accuracy[i]
	}
	return loss / float64(n), accuracy / float64(n)
}

// check reports a History whose columns have different lengths (e.g. a hand-edited JSON file).
func (h *History) check() error {
	n := len(h.Steps)
	if len(h.Loss) != n || len(h.Accuracy) != n || len(h.LR) != n {
		return fmt.Errorf("tinynet: history has %d steps but %d losses, %d accuracies and %d learning rates",
			n, len(h.Loss), len(h.Accuracy), len(h.LR))
	}
	return nil
}

// Eval is the result of evaluating on a data set.
type Eval struct {
	Images   int     // how many were evaluated
	Loss     float64 // mean cross-entropy
	Accuracy float64 // fraction classified correctly, in [0, 1]
}

// String is e.g. "accuracy 97.12% (9712/10000), loss 0.0931".
func (e Eval) String() string {
	return fmt.Sprintf("accuracy %.2f%% (%d/%d), loss %.4f",
		100*e.Accuracy, int(e.Accuracy*float64(e.Images)+0.5), e.Images, e.Loss)
}
