package viz

import (
	"fmt"
	"io"
	"os"

	"github.com/dartsml/godarts/darts/run"
	"github.com/janpfeifer/gonb/gonbui"
)

// ProgressWriter is the writer to give a training loop as its Progress (search.Options,
// train.Options, rnn's SearchOptions and TrainOptions): in a GoNB notebook it draws the loop's
// progress as an HTML bar updated in place in one transient output; elsewhere it is os.Stderr,
// on which run.Progress redraws a bar on a terminal and writes plain lines otherwise.
//
// The notebook part lives here, not in darts/run, so that run (imported by every loop and the
// command line) links no gonbui; viz already does, for its figures.
func ProgressWriter() io.Writer {
	if !gonbui.IsNotebook {
		return os.Stderr
	}
	return &notebookProgress{id: "progress_" + gonbui.UniqueID()}
}

// notebookProgress is a run.ProgressDisplay drawing into one GoNB output; text written to it
// (none from run.Progress, which hands a display the state instead) goes to stderr.
type notebookProgress struct{ id string }

func (p *notebookProgress) Write(b []byte) (int, error) { return os.Stderr.Write(b) }

func (p *notebookProgress) ShowProgress(s run.ProgressState) {
	gonbui.UpdateHTML(p.id, progressHTML(s))
}

// progressHTML is one line: the epoch, a bar of its steps, then the step, loss, speed and ETA.
func progressHTML(s run.ProgressState) string {
	return fmt.Sprintf(`<div style="font-family:monospace">epoch %d/%d <progress value="%d" max="%d" style="width:16em"></progress> `+
		`step %d/%d · loss %.3f · %s · ETA %s</div>`,
		s.Epoch, s.Epochs, min(s.Step, s.Steps), s.Steps, s.Step, s.Steps, s.Loss, run.Rate(s.Rate), run.ETA(s.ETA))
}
