package main

import (
	"testing"

	"github.com/dartsml/godarts/darts/rnn"
	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
)

// TestOneErrInterrupted: every training loop stops with the same value, run.ErrInterrupted, so
// one errors.Is recognises an interruption whichever loop it came from.
func TestOneErrInterrupted(t *testing.T) {
	for name, err := range map[string]error{"search": search.ErrInterrupted, "train": train.ErrInterrupted, "rnn": rnn.ErrInterrupted} {
		if err != rundir.ErrInterrupted {
			t.Errorf("%s.ErrInterrupted is not run.ErrInterrupted", name)
		}
	}
}
