package run

import "errors"

// ErrInterrupted is what every training loop (search, train, and their recurrent forms) returns
// when its stop channel closes: a checkpoint was written and the run can be resumed. The loops'
// packages export it under their own name too (search.ErrInterrupted, ...): one value, so
// errors.Is(err, run.ErrInterrupted) holds for any of them.
var ErrInterrupted = errors.New("interrupted (checkpoint written; resume to continue)")

// Interrupted reports whether a training loop should write a checkpoint and stop before its next
// step: when stop has been closed (Ctrl-C), or, for tests that simulate an interruption, once
// done steps have run in this call and afterSteps > 0.
func Interrupted(stop <-chan struct{}, done, afterSteps int) bool {
	if afterSteps > 0 && done >= afterSteps {
		return true
	}
	select {
	case <-stop:
		return true
	default:
		return false
	}
}
