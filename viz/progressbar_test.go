package viz

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/fetch"
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
	var _ fetch.TransferDisplay = (*notebookProgress)(nil)
}

// TestTransferHTML: a download's bar spans the file's bytes (indeterminate when its size is
// unknown) and shows fetch's line, escaped.
func TestTransferHTML(t *testing.T) {
	got := transferHTML("cifar10: a<b>.tar.gz 81.3 MiB / 162.6 MiB (50%)", 85249035, 170498071)
	want := `<div style="font-family:monospace"><progress value="85249035" max="170498071" style="width:16em"></progress> ` +
		`cifar10: a&lt;b&gt;.tar.gz 81.3 MiB / 162.6 MiB (50%)</div>`
	if got != want {
		t.Errorf("transferHTML\n%s\nwant\n%s", got, want)
	}
	if got := transferHTML("ptb: x 1.0 MiB", 1<<20, -1); !strings.Contains(got, `<progress style="width:16em"></progress> ptb: x 1.0 MiB`) {
		t.Errorf("unknown size: %s", got)
	}
}
