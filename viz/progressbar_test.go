package viz

import (
	"os"
	"testing"
	"time"

	"github.com/dartsml/godarts/darts/run"
)

// TestProgressHTML: the notebook bar shows the epoch and step counting from 1, the epoch's steps
// as the bar's extent, and the speed and ETA as run's plain lines write them.
func TestProgressHTML(t *testing.T) {
	s := run.ProgressState{Epoch: 2, Epochs: 5, Step: 17, Steps: 391, Loss: 1.2345, Rate: 2.5, ETA: 3*time.Hour + 5*time.Minute}
	want := `<div style="font-family:monospace">epoch 2/5 <progress value="17" max="391" style="width:16em"></progress> ` +
		`step 17/391 · loss 1.234 · 2.5 steps/s · ETA 3h05m</div>`
	if got := progressHTML(s); got != want {
		t.Errorf("progressHTML\n%s\nwant\n%s", got, want)
	}
	// Outside a notebook (as here) the loops' progress goes to stderr, as text.
	if w := ProgressWriter(); w != os.Stderr {
		t.Errorf("ProgressWriter outside a notebook is %T, want os.Stderr", w)
	}
	var _ run.ProgressDisplay = (*notebookProgress)(nil)
}
