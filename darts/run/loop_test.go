package run

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// trace is a Loop whose hooks write what they are called with, in order.
func trace(epochs, steps int) (*Loop, *[]string) {
	var calls []string
	l := &Loop{Epochs: epochs, Steps: steps}
	l.StartEpoch = func(p Position) error { calls = append(calls, fmt.Sprintf("start %d.%d", p.Epoch, p.Step)); return nil }
	l.Step = func(p Position) (float64, error) {
		calls = append(calls, fmt.Sprintf("step %d.%d", p.Epoch, p.Step))
		return float64(10*p.Epoch + p.Step), nil
	}
	l.EndEpoch = func(p Position) error { calls = append(calls, fmt.Sprintf("end %d.%d", p.Epoch, p.Step)); return nil }
	l.Interrupt = func(p Position) error {
		calls = append(calls, fmt.Sprintf("interrupt %d.%d", p.Epoch, p.Step))
		return nil
	}
	return l, &calls
}

func check(t *testing.T, what string, calls []string, want string) {
	t.Helper()
	if got := strings.Join(calls, ", "); got != want {
		t.Errorf("%s: hooks called\n%s\nwant\n%s", what, got, want)
	}
}

// TestLoopHooksInOrder: a fresh run calls start, the steps and end for every epoch, in order.
func TestLoopHooksInOrder(t *testing.T) {
	l, calls := trace(2, 3)
	if err := l.Run(Position{}); err != nil {
		t.Fatal(err)
	}
	check(t, "fresh", *calls, "start 0.0, step 0.0, step 0.1, step 0.2, end 0.3, start 1.0, step 1.0, step 1.1, step 1.2, end 1.3")
}

// TestLoopResumes: a run resumed at a checkpoint's Position starts at its step, counts its
// earlier seconds into the epoch's, and the next epoch starts at step 0.
func TestLoopResumes(t *testing.T) {
	l, calls := trace(3, 3)
	var seconds float64
	end := l.EndEpoch
	l.EndEpoch = func(p Position) error {
		if p.Epoch == 1 {
			seconds = p.Seconds
		}
		return end(p)
	}
	if err := l.Run(Position{Epoch: 1, Step: 2, Seconds: 100}); err != nil {
		t.Fatal(err)
	}
	check(t, "resumed", *calls, "start 1.2, step 1.2, end 1.3, start 2.0, step 2.0, step 2.1, step 2.2, end 2.3")
	if seconds < 100 || seconds > 160 {
		t.Errorf("the resumed epoch took %g s, want its earlier 100 s plus this run's", seconds)
	}
	calls2 := 0
	l, _ = trace(3, 3)
	l.StartEpoch = func(Position) error { calls2++; return nil }
	if err := l.Run(Position{Epoch: 3}); err != nil || calls2 != 0 {
		t.Errorf("a run resumed after its last epoch: %v, %d epochs started", err, calls2)
	}
}

// TestLoopInterrupt: once Stop closes (or StopAfterSteps steps ran), the loop checkpoints where
// it is, before the next step, and returns ErrInterrupted; an error from the checkpoint wins.
func TestLoopInterrupt(t *testing.T) {
	l, calls := trace(3, 3)
	l.StopAfterSteps = 4
	if err := l.Run(Position{}); err != ErrInterrupted {
		t.Fatalf("Run = %v, want ErrInterrupted", err)
	}
	check(t, "after 4 steps", *calls, "start 0.0, step 0.0, step 0.1, step 0.2, end 0.3, start 1.0, step 1.0, interrupt 1.1")

	l, calls = trace(3, 3)
	stop := make(chan struct{})
	close(stop)
	l.Stop = stop
	if err := l.Run(Position{Epoch: 2, Step: 1}); err != ErrInterrupted {
		t.Fatalf("Run = %v, want ErrInterrupted", err)
	}
	check(t, "stop closed", *calls, "start 2.1, interrupt 2.1")

	l, _ = trace(3, 3)
	l.Stop = stop
	bad := errors.New("disk full")
	l.Interrupt = func(Position) error { return bad }
	if err := l.Run(Position{}); err != bad {
		t.Errorf("Run = %v, want the checkpoint's error", err)
	}
}

// TestLoopUntilEOF: with UntilEOF an epoch ends when Step returns io.EOF (the interruption is
// checked before that call), and EndEpoch gets the steps the epoch ran, beyond the estimate too.
func TestLoopUntilEOF(t *testing.T) {
	l, calls := trace(2, 2)
	l.UntilEOF = true
	step := l.Step
	l.Step = func(p Position) (float64, error) {
		if p.Step == 2+p.Epoch {
			return 0, io.EOF
		}
		return step(p)
	}
	if err := l.Run(Position{}); err != nil {
		t.Fatal(err)
	}
	check(t, "until EOF", *calls, "start 0.0, step 0.0, step 0.1, end 0.2, start 1.0, step 1.0, step 1.1, step 1.2, end 1.3")
	*calls = nil
	l.StopAfterSteps = 2
	if err := l.Run(Position{}); err != ErrInterrupted {
		t.Fatalf("Run = %v, want ErrInterrupted", err)
	}
	check(t, "interrupted at the end of the pass", *calls, "start 0.0, step 0.0, step 0.1, interrupt 0.2")
}

// TestLoopErrors: ErrStopEarly from EndEpoch ends the loop without an error; any other error
// from a hook ends it with that error.
func TestLoopErrors(t *testing.T) {
	l, calls := trace(5, 1)
	end := l.EndEpoch
	l.EndEpoch = func(p Position) error {
		end(p)
		if p.Epoch == 1 {
			return fmt.Errorf("search: %w", ErrStopEarly)
		}
		return nil
	}
	if err := l.Run(Position{}); err != nil {
		t.Fatalf("stopped early: Run = %v, want nil", err)
	}
	check(t, "stopped early", *calls, "start 0.0, step 0.0, end 0.1, start 1.0, step 1.0, end 1.1")

	bad := errors.New("loss is NaN")
	l, calls = trace(5, 3)
	l.Step = func(p Position) (float64, error) { return 0, fmt.Errorf("x: %s: %w", l.At(p), bad) }
	if err := l.Run(Position{Epoch: 1, Step: 1}); !errors.Is(err, bad) || err.Error() != "x: epoch 2/5 step 2/3: loss is NaN" {
		t.Errorf("Run = %v, want the step's error", err)
	}
	check(t, "step failed", *calls, "start 1.1")
}

// TestLoopProgress: the progress line numbers epochs and steps from 1.
func TestLoopProgress(t *testing.T) {
	l, _ := trace(2, 2)
	var out strings.Builder
	l.Progress = &out
	if err := l.Run(Position{Epoch: 1}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "epoch 2/2 step 1/2 loss 10.000 ") || !strings.Contains(out.String(), "\nepoch 2/2 step 2/2 loss 11.000 ") {
		t.Errorf("progress:\n%s", out.String())
	}
}
