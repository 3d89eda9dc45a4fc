package run

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Progress reports a training loop's progress: epoch and step (counting from 1), the last
// step's loss, the speed of this process's steps and the time left to the loop's end. Every long
// loop (search, train, rnn search and train, and the candidates of selection) reports through
// one, so they all read alike. It only prints: the loop's results do not depend on it.
//
// How it shows depends on the writer: a terminal gets one bar redrawn in place ("\r"); a
// ProgressDisplay (a notebook's HTML bar, see viz.NotebookProgress) gets the state to draw; any
// other writer (a log file, a pipe) gets plain lines, at most one per PlainEvery plus one at each
// epoch's end, so that logs stay short.
//
// A nil *Progress does nothing, so a loop without a writer needs no checks.
type Progress struct {
	w       io.Writer
	display ProgressDisplay
	term    bool
	epochs  int
	now     func() time.Time // the clock; tests inject one

	start     time.Time // when this process's first step began
	done      int       // steps done by this process
	last      time.Time // when a line or bar was last written
	lastEpoch int       // the epoch of the last step, to start a fresh bar line in a new epoch
	pending   bool      // a terminal bar is drawn and not ended by a newline
}

// PlainEvery is the least time between two plain progress lines within an epoch.
const PlainEvery = 10 * time.Second

// termEvery is the least time between two redraws of a terminal bar or a notebook bar: faster
// than the eye needs, slower than a tiny model's steps.
const termEvery = 100 * time.Millisecond

// ProgressState is what a Progress knows after a step, for a ProgressDisplay to draw.
type ProgressState struct {
	Epoch, Epochs int           // the step's epoch, counting from 1, of Epochs
	Step, Steps   int           // the step within its epoch, counting from 1, of Steps
	Loss          float64       // the step's loss
	Rate          float64       // steps per second of this process (0 before it is known)
	ETA           time.Duration // the estimated time to the loop's last step (-1 when unknown)
	EpochEnd      bool          // the step ends its epoch
}

// A ProgressDisplay draws progress itself, in place of text: NewProgress hands it every state
// (rate-limited) and each epoch's end when the writer it is given implements this interface.
type ProgressDisplay interface {
	ShowProgress(s ProgressState)
}

// NewProgress returns a reporter writing to w for a loop of epochs epochs; nil when w is nil.
// A w that is an *os.File on a terminal gets the redrawn bar.
func NewProgress(w io.Writer, epochs int) *Progress {
	if w == nil {
		return nil
	}
	p := &Progress{w: w, epochs: epochs, now: time.Now, lastEpoch: -1}
	if d, ok := w.(ProgressDisplay); ok {
		p.display = d
	} else if f, ok := w.(*os.File); ok {
		p.term = isTerminal(f)
	}
	return p
}

// isTerminal reports whether f is a character device (a terminal, not a file or a pipe).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Start marks the beginning of this process's steps; the speed and ETA count from here. Loops
// call it before their first step (after any resumed state is loaded); without it the clock
// starts at the first Step, which then cannot estimate a speed.
func (p *Progress) Start() {
	if p == nil {
		return
	}
	p.start = p.now()
}

// Step reports the step just done: epoch and step count from 0 (the loops' own indices), steps
// is the number of steps of that epoch, loss the step's loss.
func (p *Progress) Step(epoch, step, steps int, loss float64) {
	if p == nil {
		return
	}
	now := p.now()
	if p.start.IsZero() {
		p.start = now
	}
	p.done++
	s := ProgressState{Epoch: epoch + 1, Epochs: p.epochs, Step: step + 1, Steps: steps, Loss: loss,
		ETA: -1, EpochEnd: step+1 == steps}
	if el := now.Sub(p.start); el > 0 {
		s.Rate = float64(p.done) / el.Seconds()
		left := max(0, (p.epochs-epoch-1)*steps+steps-step-1) // an rnn epoch may run past its estimate
		s.ETA = time.Duration(float64(left) / s.Rate * float64(time.Second))
	}
	newEpoch := epoch != p.lastEpoch
	p.lastEpoch = epoch
	every := termEvery
	if p.display == nil && !p.term {
		every = PlainEvery
	}
	if !s.EpochEnd && !newEpoch && now.Sub(p.last) < every {
		return
	}
	p.last = now
	switch {
	case p.display != nil:
		p.display.ShowProgress(s)
	case p.term:
		if newEpoch && p.pending {
			fmt.Fprintln(p.w)
		}
		fmt.Fprint(p.w, "\r"+Bar(s)+"   ")
		p.pending = !s.EpochEnd
		if s.EpochEnd {
			fmt.Fprintln(p.w)
		}
	default:
		fmt.Fprintln(p.w, Line(s))
	}
}

// EndEpoch ends the current epoch's bar when the epoch ended before its planned steps (an rnn
// epoch runs out of text early); after a Step that ended its epoch it does nothing.
func (p *Progress) EndEpoch() {
	if p == nil || !p.pending {
		return
	}
	fmt.Fprintln(p.w)
	p.pending = false
}

// Line is a plain progress line: "epoch 2/50 step 17/391 loss 1.234 2.5 steps/s ETA 3h05m".
func Line(s ProgressState) string {
	return fmt.Sprintf("epoch %d/%d step %d/%d loss %.3f %s ETA %s", s.Epoch, s.Epochs, s.Step, s.Steps, s.Loss,
		Rate(s.Rate), ETA(s.ETA))
}

// barWidth is the terminal bar's width in characters.
const barWidth = 20

// Bar is the terminal's line: Line with a bar of the epoch's steps after the epoch.
func Bar(s ProgressState) string {
	n := 0
	if s.Steps > 0 {
		n = min(barWidth, barWidth*s.Step/s.Steps)
	}
	bar := "[" + strings.Repeat("=", n) + strings.Repeat(" ", barWidth-n) + "]"
	l := Line(s)
	i := strings.Index(l, " step ")
	return l[:i] + " " + bar + l[i:]
}

// Rate writes a speed the way it reads best: steps per second, or seconds per step when slower
// than one a second; "?" when it is not known yet.
func Rate(r float64) string {
	switch {
	case r <= 0:
		return "? steps/s"
	case r < 1:
		return fmt.Sprintf("%.2fs/step", 1/r)
	default:
		return fmt.Sprintf("%.1f steps/s", r)
	}
}

// ETA writes a time left as "45s", "12m05s" or "3h05m"; "?" when it is not known.
func ETA(d time.Duration) string {
	switch {
	case d < 0:
		return "?"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	default:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
}
