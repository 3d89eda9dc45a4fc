package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/dartsml/godarts/darts/backend/dartscpu"
	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/rnn"
	"github.com/dartsml/godarts/darts/train"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// runBenchTrain times evaluation training steps (the paper's most expensive stage) on random
// data: a CIFAR-10 or ImageNet network (forward with the auxiliary head, loss, backward, clip,
// SGD with momentum, drop path) or the PTB language model (forward, NLL + slowness, backward,
// clip, SGD). Initialisation, compilation and the first step are reported apart; the last lines
// are peak_rss_mb= and median_ms_per_step=, as in bench and bench-rnn.
func runBenchTrain(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench-train", stderr)
	net := fs.String("net", "cifar", "cifar (32x32), imagenet (mobile setting) or rnn (PTB language model)")
	geno := fs.String("genotype", "", "cell: a built-in name, a genotype file or repr (default DARTS_V2; DARTS for rnn)")
	layers := fs.Int("layers", 0, "cells (default: 20 cifar, 14 imagenet)")
	channels := fs.Int("channels", 0, "initial channels C (default: 36 cifar, 48 imagenet)")
	batch := fs.Int("batch", 0, "batch size (default: 96 cifar, 128 imagenet, 64 rnn)")
	image := fs.Int("image", 0, "imagenet: image side (default 224)")
	auxiliary := fs.Bool("auxiliary", true, "cifar/imagenet: train with the auxiliary head (weight 0.4)")
	dropPath := fs.Float64("drop-path", -1, "cifar/imagenet: drop-path probability of the timed steps (default: 0.2 cifar, 0 imagenet, as the paper)")
	hidden := fs.Int("hidden", 850, "rnn: embedding and hidden size (paper PTB: 850)")
	vocab := fs.Int("vocab", 10000, "rnn: vocabulary (PTB: 10,000)")
	bptt := fs.Int("bptt", 35, "rnn: time steps per window (paper: 35)")
	steps := fs.Int("steps", 3, "timed steps")
	warmup := fs.Int("warmup", 1, "untimed steps after the first (allocator and caches settle)")
	seed := fs.Int64("seed", 1, "seed of the weights and the random data")
	profile := fs.Bool("profile", false, "darts-cpu only: print where the timed steps spent their time, per kind of step, with FLOP and byte rates")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *steps < 1:
		return usagef("-steps %d: want at least 1", *steps)
	case *warmup < 0:
		return usagef("-warmup %d: want 0 or more", *warmup)
	}
	dropSet := false
	fs.Visit(func(f *flag.Flag) { dropSet = dropSet || f.Name == "drop-path" })
	if dropSet && (*dropPath < 0 || *dropPath >= 1) {
		return usagef("-drop-path %g: want a probability in [0, 1)", *dropPath)
	}
	var b backends.Backend
	open := func() (backends.Backend, error) {
		var err error
		b, err = newBackend(stdout)
		return b, err
	}
	var bench trainBench
	var err error
	switch *net {
	case "cifar", "imagenet":
		bench, err = newCNNTrainBench(*net, *geno, *layers, *channels, *batch, *image, *auxiliary, *dropPath, *seed, open)
	case "rnn":
		if *batch == 0 {
			*batch = 64
		}
		bench, err = newRNNTrainBench(*geno, *hidden, *vocab, *batch, *bptt, *seed, open)
	default:
		return usagef("-net %q: want cifar, imagenet or rnn", *net)
	}
	if b != nil {
		defer b.Finalize()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# training step: %s; GOMAXPROCS=%d; load average %s\n", bench.describe, runtime.GOMAXPROCS(0), loadAverage())
	start := time.Now()
	if err := bench.init(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "init_ms=%.1f (variables created and initialised; evaluation graph compiled and run once)\n", ms(time.Since(start)))
	start = time.Now()
	if err := bench.compile(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compile_ms=%.1f (step graph built and compiled)\n", ms(time.Since(start)))
	return timeSteps(stdout, bench.step, *warmup, *steps, *profile)
}

// trainBench is one kind of training step, ready to time.
type trainBench struct {
	describe string
	init     func() error                // create the variables (the evaluation graph runs once)
	compile  func() error                // compile the step graph without running it
	step     func(i int) (string, error) // run step i; a note for its line (the loss)
}

// newCNNTrainBench prepares a CIFAR-10 or ImageNet evaluation network's training step on two
// fixed random batches (made before timing: data never costs step time).
func newCNNTrainBench(net, geno string, layers, channels, batch, image int, aux bool, dropPath float64, seed int64,
	open func() (backends.Backend, error)) (trainBench, error) {
	if geno == "" {
		geno = "DARTS_V2"
	}
	g, err := resolveGenotype(geno)
	if err != nil {
		return trainBench{}, usagef("-genotype: %v", err)
	}
	cfg := train.PaperCIFAR(g)
	if net == "imagenet" {
		cfg = train.PaperImageNet(g)
	} else if image != 0 {
		return trainBench{}, usagef("-image is for -net imagenet (CIFAR images are 32x32)")
	}
	for _, o := range []struct {
		dst *int
		v   int
	}{{&cfg.Net.Layers, layers}, {&cfg.Net.C, channels}, {&cfg.BatchSize, batch}} {
		if o.v != 0 {
			*o.dst = o.v
		}
	}
	cfg.Net.Auxiliary, cfg.Seed = aux, seed
	if dropPath >= 0 {
		cfg.DropPath = dropPath
	}
	if err := cfg.Validate(); err != nil {
		return trainBench{}, usageError{err}
	}
	side := cfg.Net.InputSize()
	if image != 0 {
		side = image
	}
	if err := checkMemory(fmt.Sprintf("a %s training step of %d cells, C=%d, batch %d", net, cfg.Net.Layers, cfg.Net.C, cfg.BatchSize),
		cnnStepMemory(cfg, side)); err != nil {
		return trainBench{}, err
	}
	b, err := open()
	if err != nil {
		return trainBench{}, err
	}
	t, err := train.NewTrainer(b, cfg)
	if err != nil {
		return trainBench{}, err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7a1))
	var data [2][2]*tensors.Tensor
	for i := range data {
		data[i][0], data[i][1] = randomImages(rng, cfg.BatchSize, side, cfg.Net.NumClasses)
	}
	lr := cfg.LR
	return trainBench{
		describe: fmt.Sprintf("%s, %s, %d cells, C=%d, batch %d of %dx%dx3 (synthetic), auxiliary %v (weight %g), drop path %g",
			net, geno, cfg.Net.Layers, cfg.Net.C, cfg.BatchSize, side, side, cfg.Net.Auxiliary, cfg.AuxWeight, cfg.DropPath),
		init: func() error {
			_, _, err := t.Evaluate(data[0][0], data[0][1])
			return err
		},
		compile: func() error { return t.Compile(data[0][0], data[0][1]) },
		step: func(i int) (string, error) {
			r, err := t.Step(data[i%2][0], data[i%2][1], lr, cfg.DropPath)
			return fmt.Sprintf("loss %.6f", r.Loss), err
		},
	}, nil
}

// newRNNTrainBench prepares the recurrent evaluation model's training step (plain SGD, before
// any switch to averaging) on fixed random windows, the hidden state carried from step to step.
func newRNNTrainBench(geno string, hidden, vocab, batch, bptt int, seed int64, open func() (backends.Backend, error)) (trainBench, error) {
	if geno == "" {
		geno = "DARTS"
	}
	g, err := resolveRecurrent(geno)
	if err != nil {
		return trainBench{}, usagef("-genotype: %v", err)
	}
	if batch < 2 {
		return trainBench{}, usagef("-batch %d: want at least 2", batch)
	}
	net := rnn.PaperEval(vocab, hidden, g)
	if err := net.Validate(); err != nil {
		return trainBench{}, usageError{err}
	}
	if err := checkMemory(fmt.Sprintf("a recurrent training step of %d units, vocabulary %d, batch %d", hidden, vocab, batch),
		rnnTrainMemory(batch, bptt, vocab, hidden)); err != nil {
		return trainBench{}, err
	}
	b, err := open()
	if err != nil {
		return trainBench{}, err
	}
	opt := rnn.PaperTrain()
	t, err := rnn.NewTrainer(b, net, opt, seed)
	if err != nil {
		return trainBench{}, err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e7))
	window := func() *tensors.Tensor {
		flat := make([]int32, bptt*batch)
		for i := range flat {
			flat[i] = int32(rng.IntN(vocab))
		}
		return tensors.FromFlatDataAndDimensions(flat, bptt, batch)
	}
	x, y := [2]*tensors.Tensor{window(), window()}, [2]*tensors.Tensor{window(), window()}
	h := net.ZeroHidden(batch)
	return trainBench{
		describe: fmt.Sprintf("rnn, %s, %d units, vocab %d, batch %d, bptt %d (synthetic tokens), lr %g, clip %g",
			geno, hidden, vocab, batch, bptt, opt.LR, opt.Clip),
		init: func() error {
			_, _, err := t.Evaluate(x[0], y[0], h, false)
			return err
		},
		compile: func() error { return t.Compile(x[0], y[0], h) },
		step: func(i int) (string, error) {
			loss, _, next, err := t.Step(x[i%2], y[i%2], h, opt.LR, false)
			if err == nil {
				h = next
			}
			return fmt.Sprintf("loss %.4f", loss), err
		},
	}, nil
}

// randomImages is N(0,1) pixels (already "normalised") in NHWC and uniform labels.
func randomImages(rng *rand.Rand, n, side, classes int) (x, y *tensors.Tensor) {
	pix := make([]float32, n*side*side*3)
	for i := range pix {
		pix[i] = float32(rng.NormFloat64())
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(classes))
	}
	return tensors.FromFlatDataAndDimensions(pix, n, side, side, 3), tensors.FromFlatDataAndDimensions(labels, n)
}

// timeSteps runs the first step, warmup untimed steps and then steps timed ones, prints one line
// each, the profile of the timed steps if asked, the peak RSS and last the median.
func timeSteps(w io.Writer, step func(i int) (string, error), warmup, steps int, profile bool) error {
	run := func(i int) (float64, string, error) {
		start := time.Now()
		note, err := step(i)
		if err != nil {
			return 0, "", fmt.Errorf("step %d: %w", i, err)
		}
		return ms(time.Since(start)), note, nil
	}
	d, note, err := run(0)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "first_step_ms=%.1f (%s)\n", d, note)
	for i := range warmup {
		if d, _, err = run(1 + i); err != nil {
			return err
		}
		fmt.Fprintf(w, "warmup %d: %.1f ms\n", i+1, d)
	}
	if profile {
		dartscpu.EnableProfile(true)
		defer dartscpu.EnableProfile(false)
	}
	times := make([]float64, steps)
	for i := range times {
		if times[i], note, err = run(1 + warmup + i); err != nil {
			return err
		}
		fmt.Fprintf(w, "step %d: %.1f ms (%s)\n", i+1, times[i], note)
	}
	// VmHWM: the peak resident set of the whole process (compiled graphs included), read before
	// the profile's peak measurement allocates its copy buffers.
	rss := peakRSSMB()
	if profile {
		writeProfile(w, steps)
	}
	fmt.Fprintf(w, "# load average at end: %s\n", loadAverage())
	fmt.Fprintf(w, "peak_rss_mb=%s\n", rss)
	fmt.Fprintf(w, "median_ms_per_step=%.1f\n", median(times))
	return nil
}

// peakSizes are the GEMM side and the copy's MiB of the peak measurement (smaller in tests): the
// copy's source and destination (1 GiB) exceed the 480 MiB last-level cache this machine reports.
var peakSizes = [2]int{1024, 512}

// writeProfile prints where the timed steps spent their time, per kind of step, against the
// machine's peak measured now (after the steps, so that it does not disturb them; it runs our
// GEMM directly, not through the backend, so it adds nothing to the profile).
func writeProfile(w io.Writer, steps int) {
	peak := dartscpu.MeasurePeak(peakSizes[0], peakSizes[1])
	fmt.Fprintf(w, "# machine peak: %s\n", peak)
	fmt.Fprintf(w, "# time per kind of step over the %d timed steps:\n", steps)
	dartscpu.WriteProfileAgainst(w, peak)
}

// cnnStepMemory estimates a CIFAR-10 or ImageNet training step's memory for images of side
// pixels: the ImageNet stems divide the side by 8 before the first cell.
func cnnStepMemory(cfg train.Config, side int) float64 {
	if cfg.Net.Kind == evalnet.ImageNet {
		side /= 8
	}
	return evalMemory(cfg.BatchSize, cfg.Net.C, cfg.Net.Layers, side*side)
}
