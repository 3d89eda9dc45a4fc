package run

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
