package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/backend/dartscpu"
	"github.com/dartsml/godarts/darts/search"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// runBench times full search steps (search.Searcher.Step: one α step then one weight step, the
// paper's step) on random CIFAR-shaped batches. The first call is reported on its own: it builds
// and initialises the variables and compiles the step graph, which takes far longer than a step.
// The last line is median_ms_per_step=<ms> so scripts can take it with tail -1.
func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	layers := fs.Int("layers", 5, "cells")
	channels := fs.Int("channels", 8, "initial channels C")
	batch := fs.Int("batch", 16, "images per batch (training and validation batch each)")
	order := fs.Int("order", 1, "1 (first-order) or 2 (second-order, unrolled) α gradient")
	mode := fs.String("mode", "bilevel", "bilevel, alternating or simultaneous")
	steps := fs.Int("steps", 5, "timed steps")
	warmup := fs.Int("warmup", 1, "untimed steps after the first call (allocator and caches settle)")
	seed := fs.Int64("seed", 1, "seed of the weights and the random batches")
	profile := fs.Bool("profile", false, "darts-cpu only: print the time the timed steps spent per kind of step (op kind, fused groups, pure-Go segments)")
	graphOnly := fs.Bool("graph", false, "build the step graph without running it and print its GoMLX nodes by op type, convolutions and StableHLO size (XLA)")
	forBackend := fs.String("for", "", "with -graph: the backend whose formulation to build, xla (no plugin needed) or darts-cpu; default the chosen backend")
	dtype := fs.String("dtype", "float32", "compute dtype of the weight step: float32, bfloat16 or float16 (mixed precision; α step in float32)")
	partial := fs.Int("partial-channels", 0, "PC-DARTS's K: every mixed op on the first C/K channels (the paper 4); 0: DARTS")
	edgeNorm := fs.Bool("edge-norm", false, "PC-DARTS's edge normalisation (edge weights softmax(β) per node)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *steps < 1:
		return usagef("-steps %d: want at least 1", *steps)
	case *warmup < 0:
		return usagef("-warmup %d: want 0 or more", *warmup)
	case *batch < 1:
		return usagef("-batch %d: want at least 1", *batch)
	}
	cfg := search.PaperRunConfig(*order)
	cfg.Net.Layers, cfg.Net.C, cfg.BatchSize, cfg.Mode, cfg.Seed = *layers, *channels, *batch, *mode, *seed
	cfg.Net.PartialChannels, cfg.Net.EdgeNorm = *partial, *edgeNorm
	if *dtype != "float32" {
		cfg.ComputeDType = *dtype
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if *graphOnly {
		return benchGraph(cfg, *forBackend, *dtype, stdout)
	} else if *forBackend != "" {
		return usagef("-for needs -graph")
	}
	if err := checkMemory(fmt.Sprintf("a search step of %d cells, C=%d, batch %d", *layers, *channels, *batch),
		searchMemory(*batch, *channels, *layers, 32*32, *order, *partial)); err != nil {
		return err
	}

	// The chooser's "darts: backend ... : why" line belongs to the benchmark's record: stdout.
	b, err := newBackend(stdout)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "# search step: order %d, %s, %d cells, C=%d, batch %d of 32x32x3 (synthetic)%s; weight step in %s; GOMAXPROCS=%d; load average %s\n",
		cfg.Order, cfg.Mode, cfg.Net.Layers, cfg.Net.C, cfg.BatchSize, pcDARTSNote(cfg.Net), *dtype, runtime.GOMAXPROCS(0), loadAverage())
	if flags := os.Getenv("XLA_FLAGS"); flags != "" {
		fmt.Fprintf(stdout, "# XLA_FLAGS=%s\n", flags)
	}
	s, err := search.NewSearcher(b, cfg.Net, cfg.Architect(), cfg.Seed)
	if err != nil {
		return err
	}
	// Two fixed training/validation pairs, made before timing: the data never costs step time.
	rng := rand.New(rand.NewPCG(uint64(*seed), 0xbe7c))
	var pairs [2][4]*tensors.Tensor
	for i := range pairs {
		pairs[i][0], pairs[i][1] = randomBatch(rng, cfg.BatchSize, cfg.Net.NumClasses)
		pairs[i][2], pairs[i][3] = randomBatch(rng, cfg.BatchSize, cfg.Net.NumClasses)
	}
	lr := cfg.LR
	var last search.StepResult
	step := func(i int) (time.Duration, error) {
		p := pairs[i%2]
		start := time.Now()
		r, err := s.Step(p[0], p[1], p[2], p[3], lr)
		if err != nil {
			return 0, fmt.Errorf("step %d: %w", i, err)
		}
		last = r
		return time.Since(start), nil
	}

	// Three costs paid once, reported apart: creating and initialising the variables (which builds,
	// compiles and runs the evaluation graph), compiling the step graph, and its first run.
	p := pairs[0]
	start := time.Now()
	if _, _, err := s.Evaluate(p[0], p[1]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "init_ms=%.1f (variables created and initialised; evaluation graph compiled and run once)\n", ms(time.Since(start)))
	start = time.Now()
	if err := s.Compile(p[0], p[1], p[2], p[3], lr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compile_ms=%.1f (step graph built and compiled)\n", ms(time.Since(start)))
	first, err := step(0)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "first_step_ms=%.1f (train loss %.6f, validation loss %.6f)\n", ms(first), last.TrainLoss, last.ValLoss)
	for i := range *warmup {
		d, err := step(1 + i)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "warmup %d: %.1f ms\n", i+1, ms(d))
	}
	if *profile {
		dartscpu.EnableProfile(true)
	}
	times := make([]float64, *steps)
	for i := range times {
		d, err := step(1 + *warmup + i)
		if err != nil {
			return err
		}
		times[i] = ms(d)
		fmt.Fprintf(stdout, "step %d: %.1f ms\n", i+1, times[i])
	}
	rss := peakRSSMB() // before the profile's peak measurement allocates its copy buffers
	if *profile {
		writeProfile(stdout, *steps)
		dartscpu.EnableProfile(false)
	}
	fmt.Fprintf(stdout, "# load average at end: %s; last step's train loss %.6f\n", loadAverage(), last.TrainLoss)
	// VmHWM is the peak resident set of the whole process since it started (not of the steps
	// alone): it includes the compiled graphs and everything else the process allocated.
	fmt.Fprintf(stdout, "peak_rss_mb=%s\n", rss)
	fmt.Fprintf(stdout, "median_ms_per_step=%.1f\n", median(times))
	return nil
}

// pcDARTSNote names PC-DARTS's options where they are on.
func pcDARTSNote(net search.Config) string {
	var s string
	if net.PartialChannels > 1 {
		s += fmt.Sprintf(", partial channels K=%d", net.PartialChannels)
	}
	if net.EdgeNorm {
		s += ", edge normalisation"
	}
	return s
}

// newBackend creates the chosen backend, sending its one "which and why" line to w.
func newBackend(w io.Writer) (backends.Backend, error) {
	saved := backend.LogWriter
	backend.LogWriter = w
	defer func() { backend.LogWriter = saved }()
	return backend.NewBackend()
}

// randomBatch is N(0,1) pixels (already "normalised") in NHWC and uniform labels.
func randomBatch(rng *rand.Rand, n, classes int) (x, y *tensors.Tensor) {
	pix := make([]float32, n*32*32*3)
	for i := range pix {
		pix[i] = float32(rng.NormFloat64())
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(classes))
	}
	return tensors.FromFlatDataAndDimensions(pix, n, 32, 32, 3), tensors.FromFlatDataAndDimensions(labels, n)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// peakRSSMB reads VmHWM ("high water mark": the peak resident set size of this process) from
// /proc/self/status, in MiB; "unknown" where there is no /proc (not Linux).
func peakRSSMB() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest) // "123456 kB"
			if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil && len(f) == 2 && f[1] == "kB" {
				return strconv.FormatInt((kb+512)/1024, 10)
			}
		}
	}
	return "unknown"
}
