package run

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Loop is the epoch loop of every training loop here (search, train, their recurrent forms and
// tinynet's trainer): epochs of steps, each epoch closed by its records and checkpoint, resumable
// mid-epoch, reporting through one Progress and stopping on a channel with a checkpoint. The loop
// only knows where it is (a Position); what a step does, what an epoch records and what a
// checkpoint holds are the hooks', so each package keeps its own state and files.
//
// It plays the part of GoMLX's train.Loop (a step function with hooks around it), which runs
// GoMLX trainers over datasets by global step; ours counts epochs, resumes from a checkpoint's
// Position and stops on a channel, and needs no GoMLX (so that this package stays free of it).
type Loop struct {
	Epochs int // the loop ends after epoch Epochs-1 (counting from 0)
	// Steps is the number of steps of an epoch; with UntilEOF only an estimate, for the
	// progress line.
	Steps int
	// UntilEOF ends an epoch when Step returns io.EOF instead of after Steps steps (an rnn epoch
	// is one pass over its text). The interruption is checked before that call, as before any.
	UntilEOF bool

	Progress io.Writer       // progress through a Progress (nil: quiet)
	Stop     <-chan struct{} // closing it calls Interrupt before the next step; Run returns ErrInterrupted
	// StopAfterSteps > 0 simulates an interruption once this many steps have run in this Run
	// (tests).
	StopAfterSteps int

	// StartEpoch runs at the start of every epoch, one resumed mid-epoch too (pos.Step > 0).
	StartEpoch func(pos Position) error
	// Step runs step pos.Step of epoch pos.Epoch and returns its loss (for the progress line).
	// With UntilEOF it returns io.EOF, having run nothing, once the epoch's data is used up.
	Step func(pos Position) (loss float64, err error)
	// EndEpoch runs after an epoch's last step, with pos.Step the steps it ran and pos.Seconds
	// the time spent in it (a resumed epoch's earlier seconds included): the epoch's records and
	// checkpoint. ErrStopEarly from it ends the loop, and Run returns nil.
	EndEpoch func(pos Position) error
	// Interrupt writes the checkpoint of pos (pos.Step steps done in its epoch, in pos.Seconds)
	// when Stop has closed; Run then returns its error, or ErrInterrupted.
	Interrupt func(pos Position) error
}

// Position is where a Loop is: the epoch in progress and the steps done in it (both counting
// from 0), and the seconds spent in that epoch. A checkpoint stores it; Run starts from it.
type Position struct {
	Epoch, Step int
	Seconds     float64
}

// ErrStopEarly, returned by a Loop's EndEpoch, ends the loop after that epoch without an error
// (a rule such as DARTS-ES decided the run is done).
var ErrStopEarly = errors.New("run: stopped early")

// Run runs the epochs from pos (a fresh run's zero Position, or a checkpoint's) to Epochs.
func (l *Loop) Run(pos Position) error {
	prog := NewProgress(l.Progress, l.Epochs)
	prog.Start()
	done := 0 // steps run by this call, for StopAfterSteps
	for ; pos.Epoch < l.Epochs; pos = (Position{Epoch: pos.Epoch + 1}) {
		start := time.Now()
		at := func() Position { return Position{pos.Epoch, pos.Step, pos.Seconds + time.Since(start).Seconds()} }
		if l.StartEpoch != nil {
			if err := l.StartEpoch(pos); err != nil {
				return err
			}
		}
		for ; l.UntilEOF || pos.Step < l.Steps; pos.Step++ {
			if Interrupted(l.Stop, done, l.StopAfterSteps) {
				if l.Interrupt != nil {
					if err := l.Interrupt(at()); err != nil {
						return err
					}
				}
				return ErrInterrupted
			}
			loss, err := l.Step(pos)
			if l.UntilEOF && err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			done++
			prog.Step(pos.Epoch, pos.Step, l.Steps, loss)
		}
		prog.EndEpoch()
		if l.EndEpoch != nil {
			if err := l.EndEpoch(at()); errors.Is(err, ErrStopEarly) {
				return nil
			} else if err != nil {
				return err
			}
		}
	}
	return nil
}

// At names a step in error messages, counting from 1: "epoch 2/50 step 17/391".
func (l *Loop) At(pos Position) string {
	return fmt.Sprintf("epoch %d/%d step %d/%d", pos.Epoch+1, l.Epochs, pos.Step+1, l.Steps)
}
