package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/dartsml/godarts/darts/rnn"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// runBenchRNN times recurrent search steps (one α step then one weight step) on random tokens:
// the compile time of the unrolled graph apart from the step time. Last line:
// median_ms_per_step=<ms>.
func runBenchRNN(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench-rnn", stderr)
	hidden := fs.Int("hidden", 300, "embedding and hidden size (paper search: 300)")
	vocab := fs.Int("vocab", 10000, "vocabulary (PTB: 10,000)")
	batch := fs.Int("batch", 256, "sequences per batch (paper: 256)")
	bptt := fs.Int("bptt", 35, "time steps per window (paper: 35)")
	order := fs.Int("order", 1, "1 or 2")
	steps := fs.Int("steps", 3, "timed steps")
	warmup := fs.Int("warmup", 0, "untimed steps after the first (allocator and caches settle)")
	profile := fs.Bool("profile", false, "darts-cpu only: print where the timed steps spent their time, per kind of step, with FLOP and byte rates")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *order != 1 && *order != 2 {
		return usagef("-order %d: want 1 or 2", *order)
	}
	if *steps < 1 || *batch < 2 || *bptt < 1 || *warmup < 0 {
		return usagef("-steps, -batch (at least 2) and -bptt must be positive, -warmup not negative")
	}
	net := rnn.PaperSearch(*vocab)
	net.Hidden = *hidden
	if err := net.Validate(); err != nil {
		return usageError{err}
	}
	if err := checkMemory(fmt.Sprintf("a recurrent search step of %d units, vocabulary %d, batch %d", *hidden, *vocab, *batch),
		rnnSearchMemory(*batch, *bptt, *vocab, *hidden, *order)); err != nil {
		return err
	}
	b, err := newBackend(stdout)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "# recurrent search step: order %d, hidden %d, vocab %d, batch %d, bptt %d; GOMAXPROCS=%d; load average %s\n",
		*order, *hidden, *vocab, *batch, *bptt, runtime.GOMAXPROCS(0), loadAverage())
	s, err := rnn.NewSearcher(b, net, rnn.PaperArchitect(*order, false), 1)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	window := func() *tensors.Tensor {
		flat := make([]int32, *bptt**batch)
		for i := range flat {
			flat[i] = int32(rng.IntN(*vocab))
		}
		return tensors.FromFlatDataAndDimensions(flat, *bptt, *batch)
	}
	x, y, xv, yv := window(), window(), window(), window()
	h := net.ZeroHidden(*batch)
	start := time.Now()
	if _, _, err := s.Evaluate(x, y, h); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "init_ms=%.1f (variables created and initialised; evaluation graph compiled and run once)\n", ms(time.Since(start)))
	// The first step builds and compiles the step graph (rnn.Searcher has no separate Compile).
	return timeSteps(stdout, func(i int) (string, error) {
		r, err := s.Step(x, y, h, xv, yv, h, 20)
		if i == 0 {
			return fmt.Sprintf("step graph built and compiled, one step run; train loss %.4f", r.TrainLoss), err
		}
		return fmt.Sprintf("train loss %.4f", r.TrainLoss), err
	}, *warmup, *steps, *profile)
}
