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

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/genotype"
	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/train"
)

// runTrain trains a genotype's evaluation network from scratch into a run directory:
// config.json, data.json, one line of metrics.jsonl per epoch and checkpoint.bin. SIGINT/SIGTERM
// stop it at the next step with a checkpoint, which -resume continues exactly.
func runTrain(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", stderr)
	geno := fs.String("genotype", "DARTS_V2", "a built-in name (DARTS_V1, DARTS_V2, NASNet, AmoebaNet, ...), a genotype file (JSON or repr), or the repr text itself")
	net := fs.String("net", "cifar", "cifar (32x32) or imagenet (224x224, mobile setting)")
	dataName := fs.String("data", "cifar10", "cifar10 or synthetic for -net cifar; an ImageNet-style folder (train/ and val/ of class folders) for -net imagenet")
	dataPath := fs.String("data-path", "", "where cifar10 is (default as for search)")
	out := fs.String("out", "", "run directory (required); created if missing")
	resume := fs.Bool("resume", false, "continue the training in -out from its checkpoint, with its stored configuration and data")
	quick := fs.Bool("quick", false, "start from train.QuickCIFAR or QuickImageNet (minutes on a CPU) instead of the paper's settings")
	layers := fs.Int("layers", 0, "cells (default: 20 cifar, 14 imagenet, 6 quick)")
	channels := fs.Int("channels", 0, "initial channels C (default: 36 cifar, 48 imagenet, 8 quick)")
	batch := fs.Int("batch", 0, "batch size (default: 96 cifar, 128 imagenet, 32 quick)")
	epochs := fs.Int("epochs", 0, "epochs (default: 600 cifar, 250 imagenet, 4 quick)")
	stepsPerEpoch := fs.Int("steps-per-epoch", 0, "steps per epoch; 0 means one pass over the training set (default: 0 paper, 40 quick cifar, 12 quick imagenet)")
	auxiliary := fs.Bool("auxiliary", true, "train with the auxiliary head (its loss weighted by -aux-weight)")
	paperSchedule := fs.Bool("paper-schedule", false, "epoch e trains at the paper's η(e) instead of the reference code's η(e+1) (its scheduler steps at each epoch's start); -quick always uses η(e)")
	seed := fs.Int64("seed", 0, "seed of the weights, drop-path and the batches (default 0)")
	repeats := fs.Int("repeats", 1, "train this many times (seeds seed, seed+1, ...) into -out/seedN and report the test error's mean ± std, as the paper")
	cifar, imagenet := train.PaperCIFAR(genotype.Genotype{}), train.PaperImageNet(genotype.Genotype{})
	quickLR := train.QuickCIFAR(genotype.Genotype{}).LR
	hyper := newHyperFlags[train.Config](fs)
	cutout := fs.Int("cutout", train.PaperCutout, "cifar: side of the square cutout blanks in each training image (0: none)")
	hyper.add("lr", cifar.LR, fmt.Sprintf("initial learning rate (SGD; imagenet: %g; -quick cifar: %g)", imagenet.LR, quickLR),
		func(c *train.Config) *float64 { return &c.LR }, positive, "more than 0")
	hyper.add("lr-min", cifar.LRMin, "floor of the cosine schedule (cifar; imagenet decays by -gamma instead)",
		func(c *train.Config) *float64 { return &c.LRMin }, nonNegative, "0 or more")
	hyper.add("gamma", imagenet.Gamma, "imagenet: the learning rate's factor per epoch (exponential schedule)",
		func(c *train.Config) *float64 { return &c.Gamma }, func(v float64) bool { return v > 0 && v <= 1 }, "in (0, 1]")
	hyper.add("momentum", cifar.Momentum, "SGD momentum",
		func(c *train.Config) *float64 { return &c.Momentum }, fraction, "in [0, 1)")
	hyper.add("weight-decay", cifar.WeightDecay, fmt.Sprintf("weight decay (imagenet: %g)", imagenet.WeightDecay),
		func(c *train.Config) *float64 { return &c.WeightDecay }, nonNegative, "0 or more")
	hyper.add("grad-clip", cifar.GradClip, "global-norm clip of the gradient",
		func(c *train.Config) *float64 { return &c.GradClip }, positive, "more than 0")
	hyper.add("aux-weight", cifar.AuxWeight, "weight of the auxiliary head's loss (with -auxiliary)",
		func(c *train.Config) *float64 { return &c.AuxWeight }, nonNegative, "0 or more")
	hyper.add("drop-path", cifar.DropPath, fmt.Sprintf("drop-path probability reached at the last epoch, ramped from 0 (imagenet: %g)", imagenet.DropPath),
		func(c *train.Config) *float64 { return &c.DropPath }, fraction, "in [0, 1)")
	hyper.add("label-smoothing", cifar.LabelSmoothing, fmt.Sprintf("label smoothing ε (imagenet: %g)", imagenet.LabelSmoothing),
		func(c *train.Config) *float64 { return &c.LabelSmoothing }, fraction, "in [0, 1)")
	decayPeriod := fs.Int("decay-period", 1, "imagenet: epochs between two decays of the learning rate by -gamma")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *repeats > 1 {
		return trainRepeats(args, *out, *seed, *repeats, stdout, stderr)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *out == "" {
		return usagef("-out DIR is required (the run directory)")
	}
	if err := hyper.check(set); err != nil {
		return err
	}
	build := func() (train.Config, error) { // the configuration the flags give
		var cfg train.Config
		g, err := resolveGenotype(*geno)
		if err != nil {
			return cfg, usagef("-genotype: %v", err)
		}
		switch {
		case *net == "cifar" && *quick:
			cfg = train.QuickCIFAR(g)
		case *net == "cifar":
			cfg = train.PaperCIFAR(g)
		case *net == "imagenet" && *quick:
			cfg = train.QuickImageNet(g)
		case *net == "imagenet":
			cfg = train.PaperImageNet(g)
		default:
			return cfg, usagef("-net %q: want cifar or imagenet", *net)
		}
		for _, o := range []struct {
			name string
			dst  *int
			v    int
		}{{"layers", &cfg.Net.Layers, *layers}, {"channels", &cfg.Net.C, *channels}, {"batch", &cfg.BatchSize, *batch},
			{"epochs", &cfg.Epochs, *epochs}, {"steps-per-epoch", &cfg.StepsPerEpoch, *stepsPerEpoch}} {
			if set[o.name] {
				*o.dst = o.v
			}
		}
		cfg.Net.Auxiliary, cfg.Seed = *auxiliary, *seed
		if *paperSchedule {
			cfg.ScheduleOffset = 0
		}
		hyper.apply(&cfg, set)
		if set["cutout"] {
			cfg.Cutout = *cutout
		}
		if set["decay-period"] {
			cfg.DecayPeriod = *decayPeriod
		}
		return cfg, nil
	}
	var cfg train.Config
	var dir *rundir.Dir
	src := trainSource{Name: *dataName, Path: *dataPath, full: !*quick}
	if *resume {
		if _, err := rundir.Open(*out); err != nil {
			return usagef("-resume: %v", err)
		}
		if _, err := os.Stat(rundirFile(*out, rundir.CheckpointFile)); err != nil {
			return fmt.Errorf("-resume: %s has no %s: no training to continue there", *out, rundir.CheckpointFile)
		}
		var release func()
		var err error
		if dir, release, err = lockRunDir(*out); err != nil {
			return err
		}
		defer release()
		if err := checkIdentity(dir); err != nil {
			return err
		}
		if err := dir.ReadJSON(rundir.ConfigFile, &cfg); err != nil {
			return err
		}
		var stored trainSource
		if err := dir.ReadJSON(dataFile, &stored); err != nil {
			return err
		}
		if (set["data"] && src.Name != stored.Name && absPath(src.Name) != stored.Name) || (set["data-path"] && absPath(src.Path) != stored.Path) {
			return usagef("-resume: -data %s -data-path %q: the run in %s trained on -data %s -data-path %q; omit -data to resume it",
				src.Name, src.Path, dir.Path, stored.Name, stored.Path)
		}
		stored.full = src.full
		src = stored
		if slices.ContainsFunc(trainConfigFlags, func(name string) bool { return set[name] }) {
			flagCfg, err := build()
			if err != nil {
				return err
			}
			flagCfg.Net.NumClasses = cfg.Net.NumClasses // not a flag: the data decides
			if err := refuseChanges("configuration", dir.Path, cfg, flagCfg); err != nil {
				return err
			}
		}
	} else {
		var err error
		if cfg, err = build(); err != nil {
			return err
		}
		if *net == "imagenet" && !set["data"] {
			return usagef("-net imagenet needs -data DIR (a folder with train/ and val/ class folders)")
		}
		if err := cfg.Validate(); err != nil {
			return usageError{err}
		}
		if _, err := os.Stat(rundirFile(*out, rundir.CheckpointFile)); err == nil {
			return usagef("-out %s already holds a run (add -resume to continue it, or choose another folder)", *out)
		}
	}
	if err := checkMemory(fmt.Sprintf("a training of %d cells, C=%d, batch %d", cfg.Net.Layers, cfg.Net.C, cfg.BatchSize),
		evalMemory(cfg.BatchSize, cfg.Net.C, cfg.Net.Layers, evalPixels(cfg.Net.Kind))); err != nil {
		return err
	}
	data, err := src.load(cfg)
	if err != nil {
		return err
	}
	sum := src.loaded
	if !*resume && data.NumClasses != cfg.Net.NumClasses {
		cfg.Net.NumClasses = data.NumClasses // the data decides (ImageNet folders rarely have 1000 classes)
		if err := cfg.Validate(); err != nil {
			return usageError{err}
		}
	}
	if *resume && src.Checksum != "" && sum != "" && src.Checksum != sum {
		return fmt.Errorf("-resume: the data of -data %s is not the data the run in %s trained on (checksum %s, stored %s)",
			src.Name, dir.Path, sum, src.Checksum)
	}
	if !*resume {
		var release func()
		if dir, release, err = lockRunDir(*out); err != nil {
			return err
		}
		defer release()
		if _, err := os.Stat(dir.File(rundir.CheckpointFile)); err == nil { // another training started meanwhile
			return usagef("-out %s already holds a run (add -resume to continue it, or choose another folder)", *out)
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
	fmt.Fprintf(stdout, "train: %s network, %d cells, C=%d, batch %d, %d epochs, data %s\ngenotype: %s\nrun directory: %s\n",
		cfg.Net.Kind, cfg.Net.Layers, cfg.Net.C, cfg.BatchSize, cfg.Epochs, src.describe(), cfg.Net.Genotype, dir.Path)
	stop, stopSignals := stopOnSignal("train", stderr)
	defer stopSignals()
	opts := train.Options{Resume: *resume, Progress: stderr, Stop: stop, OnEpoch: func(r train.EpochRecord) {
		fmt.Fprintf(stdout, "epoch %d: lr %.5f drop-path %.3f; train loss %.4f acc %.4f; test loss %.4f acc %.4f (%.0fs)\n",
			r.Epoch+1, r.LR, r.DropPath, r.TrainLoss, r.TrainAcc, r.TestLoss, r.TestAcc, r.Seconds)
	}}
	_, err = train.Run(b, cfg, data, dir, opts)
	if errors.Is(err, train.ErrInterrupted) {
		fmt.Fprintln(stderr)
		return fmt.Errorf("interrupted: checkpoint written to %s; continue with:\n    darts train -out %s -resume",
			dir.File(rundir.CheckpointFile), shellQuote(absPath(dir.Path)))
	}
	return err
}

// trainConfigFlags are the flags that shape a training's Config; on -resume they must give the
// stored one.
var trainConfigFlags = []string{"genotype", "net", "quick", "layers", "channels", "batch", "epochs", "steps-per-epoch", "auxiliary", "paper-schedule", "seed",
	"lr", "lr-min", "gamma", "momentum", "weight-decay", "grad-clip", "aux-weight", "drop-path", "label-smoothing", "cutout",
	"decay-period"}

// evalPixels is the size of the feature maps of an evaluation network's first cells.
func evalPixels(kind evalnet.Kind) int {
	if kind == evalnet.ImageNet {
		return 28 * 28 // after the two stride-2 stems of 224×224 images
	}
	return 32 * 32
}

// absPath is path made absolute, as data.json stores it (path itself when that fails).
func absPath(path string) string {
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

func rundirFile(dir, name string) string { return (&rundir.Dir{Path: dir}).File(name) }

// trainRepeats runs the training once per seed into out/seedN (each resumable by rerunning the
// same command with -resume) and prints the final test error's mean ± standard deviation.
func trainRepeats(args []string, out string, seed int64, repeats int, stdout, stderr io.Writer) error {
	var dirs []string
	for i := range repeats {
		s := seed + int64(i)
		dir := filepath.Join(out, fmt.Sprintf("seed%d", s))
		dirs = append(dirs, dir)
		if accs, err := train.FinalAccuracies(dir); err == nil && len(accs) == 1 && isFinished(dir) {
			fmt.Fprintf(stdout, "seed %d: finished earlier (test accuracy %.4f)\n", s, accs[0])
			continue
		}
		values := map[string]string{"out": dir, "seed": fmt.Sprint(s), "repeats": "1"}
		if _, err := os.Stat(filepath.Join(dir, rundir.CheckpointFile)); err == nil {
			values["resume"] = "true" // interrupted earlier: continue it
		}
		sub := withFlags(args, values)
		if err := runTrain(sub, stdout, stderr); err != nil {
			return fmt.Errorf("seed %d: %w", s, err)
		}
	}
	accs, err := train.FinalAccuracies(dirs...)
	if err != nil {
		return err
	}
	errs := make([]float64, len(accs))
	for i, a := range accs {
		errs[i] = 100 * (1 - a)
	}
	mean, std := train.MeanStd(errs)
	fmt.Fprintf(stdout, "test error over %d trainings: %.2f ± %.2f %%\n", repeats, mean, std)
	return nil
}

// isFinished reports whether a run directory's checkpoint is past its last epoch.
func isFinished(dir string) bool {
	var cfg train.Config
	d := &rundir.Dir{Path: dir}
	if d.ReadJSON(rundir.ConfigFile, &cfg) != nil {
		return false
	}
	recs, err := train.ReadMetrics(dir)
	return err == nil && len(recs) >= cfg.Epochs
}

// withFlags returns args with the named flags' values replaced (or added).
func withFlags(args []string, values map[string]string) []string {
	var outArgs []string
	for i := 0; i < len(args); i++ {
		name := strings.TrimLeft(args[i], "-")
		name, _, hasValue := strings.Cut(name, "=")
		if _, ok := values[name]; ok && strings.HasPrefix(args[i], "-") {
			if !hasValue && i+1 < len(args) {
				i++ // skip its value
			}
			continue
		}
		outArgs = append(outArgs, args[i])
	}
	for name, v := range values {
		outArgs = append(outArgs, "-"+name+"="+v)
	}
	return outArgs
}
