package run

import (
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFake() *fakeClock                { return &fakeClock{t: time.Unix(1000, 0)} }
func progressOn(w *strings.Builder, epochs int, c *fakeClock, term bool) *Progress {
	p := NewProgress(w, epochs)
	p.now, p.term = c.now, term
	return p
}

// recorder is a ProgressDisplay keeping every state it is shown.
type recorder struct {
	strings.Builder
	states []ProgressState
}

func (r *recorder) ShowProgress(s ProgressState) { r.states = append(r.states, s) }

// TestProgressETA: 2 steps in 4 s is 0.5 steps/s; with 3 epochs of 10 steps and epoch 1's step 2
// done, 28 steps are left: 56 s. Epochs and steps count from 1.
func TestProgressETA(t *testing.T) {
	c := newFake()
	r := &recorder{}
	p := NewProgress(r, 3)
	p.now = c.now
	p.Start()
	c.add(2 * time.Second)
	p.Step(0, 0, 10, 2.5)
	c.add(2 * time.Second)
	p.Step(0, 1, 10, 2.25)
	if len(r.states) != 2 {
		t.Fatalf("%d states shown, want 2 (the epoch's first step, and the second 2 s later)", len(r.states))
	}
	s := r.states[1]
	if s.Epoch != 1 || s.Epochs != 3 || s.Step != 2 || s.Steps != 10 || s.Loss != 2.25 {
		t.Errorf("state %+v, want epoch 1/3 step 2/10 loss 2.25", s)
	}
	if s.Rate != 0.5 || s.ETA != 56*time.Second {
		t.Errorf("rate %v ETA %v, want 0.5 steps/s and 56s", s.Rate, s.ETA)
	}
	// Resumed runs: the speed counts this process's steps only, and the ETA the steps left.
	c2 := newFake()
	r2 := &recorder{}
	p2 := NewProgress(r2, 3)
	p2.now = c2.now
	p2.Start()
	c2.add(time.Second)
	p2.Step(2, 8, 10, 1) // resumed at epoch 3 step 9: one step left
	if s := r2.states[0]; s.Epoch != 3 || s.Step != 9 || s.Rate != 1 || s.ETA != time.Second {
		t.Errorf("resumed state %+v, want epoch 3 step 9, 1 step/s, ETA 1s", s)
	}
}

// TestProgressPlain: a writer that is not a terminal gets whole lines, at most one per
// PlainEvery within an epoch plus the epoch's first and last steps.
func TestProgressPlain(t *testing.T) {
	c := newFake()
	var w strings.Builder
	p := progressOn(&w, 2, c, false)
	p.Start()
	for e := range 2 {
		for s := range 30 {
			c.add(time.Second)
			p.Step(e, s, 30, 0.5)
		}
	}
	want := []string{
		"epoch 1/2 step 1/30 loss 0.500 1.0 steps/s ETA 59s",
		"epoch 1/2 step 11/30 loss 0.500 1.0 steps/s ETA 49s",
		"epoch 1/2 step 21/30 loss 0.500 1.0 steps/s ETA 39s",
		"epoch 1/2 step 30/30 loss 0.500 1.0 steps/s ETA 30s",
		"epoch 2/2 step 1/30 loss 0.500 1.0 steps/s ETA 29s",
		"epoch 2/2 step 11/30 loss 0.500 1.0 steps/s ETA 19s",
		"epoch 2/2 step 21/30 loss 0.500 1.0 steps/s ETA 9s",
		"epoch 2/2 step 30/30 loss 0.500 1.0 steps/s ETA 0s",
	}
	if got := w.String(); got != strings.Join(want, "\n")+"\n" {
		t.Errorf("plain output:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if strings.Contains(w.String(), "\r") {
		t.Error("plain output holds a carriage return")
	}
}

// TestProgressTerminal: a terminal gets one bar per epoch redrawn in place with "\r", ended by a
// newline at the epoch's last step or, for an epoch cut short, by EndEpoch.
func TestProgressTerminal(t *testing.T) {
	c := newFake()
	var w strings.Builder
	p := progressOn(&w, 2, c, true)
	p.Start()
	for s := range 4 {
		c.add(time.Second)
		p.Step(0, s, 4, 1)
	}
	c.add(time.Second)
	p.Step(1, 0, 4, 1)
	p.EndEpoch() // the epoch ran out after one step
	p.EndEpoch() // a second call adds nothing
	want := "\repoch 1/2 [=====               ] step 1/4 loss 1.000 1.0 steps/s ETA 7s   " +
		"\repoch 1/2 [==========          ] step 2/4 loss 1.000 1.0 steps/s ETA 6s   " +
		"\repoch 1/2 [===============     ] step 3/4 loss 1.000 1.0 steps/s ETA 5s   " +
		"\repoch 1/2 [====================] step 4/4 loss 1.000 1.0 steps/s ETA 4s   \n" +
		"\repoch 2/2 [=====               ] step 1/4 loss 1.000 1.0 steps/s ETA 3s   \n"
	if got := w.String(); got != want {
		t.Errorf("terminal output\n%q\nwant\n%q", got, want)
	}
	// A new epoch whose predecessor's bar was left open starts on a fresh line.
	var w3 strings.Builder
	p3 := progressOn(&w3, 2, newFake(), true)
	p3.Step(0, 0, 4, 1)
	p3.Step(1, 0, 4, 1)
	if got := w3.String(); !strings.Contains(got, "   \n\repoch 2/2") {
		t.Errorf("a new epoch after an open bar: %q, want a newline before its bar", got)
	}
	// Redraws within termEvery are skipped, except the epoch's last step.
	var w2 strings.Builder
	p2 := progressOn(&w2, 1, newFake(), true)
	for s := range 5 {
		p2.Step(0, s, 5, 1)
	}
	if n := strings.Count(w2.String(), "\r"); n != 2 {
		t.Errorf("%d redraws in an instant, want 2 (the first step and the last): %q", n, w2.String())
	}
}

func TestProgressFormats(t *testing.T) {
	for _, c := range []struct {
		rate float64
		want string
	}{{0, "? steps/s"}, {0.25, "4.00s/step"}, {12.34, "12.3 steps/s"}} {
		if got := Rate(c.rate); got != c.want {
			t.Errorf("Rate(%v) = %q, want %q", c.rate, got, c.want)
		}
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{-1, "?"}, {1500 * time.Millisecond, "2s"}, {12*time.Minute + 5*time.Second, "12m05s"},
		{3*time.Hour + 5*time.Minute + 20*time.Second, "3h05m"}} {
		if got := ETA(c.d); got != c.want {
			t.Errorf("ETA(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	var nilP *Progress
	nilP.Start()
	nilP.Step(0, 0, 1, 0)
	nilP.EndEpoch()
	if NewProgress(nil, 1) != nil {
		t.Error("NewProgress(nil) is not nil")
	}
}
