package viz

import (
	"fmt"
	"html"
	"io"
	"os"

	"github.com/dartsml/godarts/darts/run"
	"github.com/janpfeifer/gonb/gonbui"
)

// ProgressWriter is the writer to give a training loop as its Progress (search.Options,
// train.Options, rnn's SearchOptions and TrainOptions) or the downloads (run.Settings.Progress,
// fetch.Getter.Progress): in a GoNB notebook it draws the loop's or the transfer's progress as
// an HTML bar updated in place in one transient output; elsewhere it is os.Stderr, on which
// run.Progress and fetch redraw a bar on a terminal and write plain lines otherwise.
//
// The notebook part lives here, not in darts/run, so that run (imported by every loop and the
// command line) links no gonbui; viz already does, for its figures.
func ProgressWriter() io.Writer {
	if !gonbui.IsNotebook {
		return os.Stderr
	}
	return &notebookProgress{id: "progress_" + gonbui.UniqueID()}
}

// notebookProgress is a run.ProgressDisplay and a fetch.TransferDisplay drawing into one GoNB
// output; text written to it (none from run.Progress, which hands a display the state instead;
// fetch's messages and closing line) goes to stderr.
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

// ShowTransfer draws a download's state (fetch.TransferDisplay) in the same output.
func (p *notebookProgress) ShowTransfer(line string, done, total int64) {
	gonbui.UpdateHTML(p.id, transferHTML(line, done, total))
}

// transferHTML is one line: a bar of the bytes done (indeterminate when the size is unknown),
// then fetch's line (file, size, percentage, speed, ETA).
func transferHTML(line string, done, total int64) string {
	bar := `<progress style="width:16em"></progress>`
	if total > 0 {
		bar = fmt.Sprintf(`<progress value="%d" max="%d" style="width:16em"></progress>`, min(done, total), total)
	}
	return `<div style="font-family:monospace">` + bar + " " + html.EscapeString(line) + "</div>"
}
