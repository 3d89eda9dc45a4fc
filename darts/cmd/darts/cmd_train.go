package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	stepsPerEpoch := fs.Int("steps-per-epoch", 0, "steps per epoch; 0 means one pass over the training set")
	auxiliary := fs.Bool("auxiliary", true, "train with the auxiliary head (weight 0.4)")
	paperSchedule := fs.Bool("paper-schedule", false, "epoch e trains at the paper's η(e) instead of the reference code's η(e+1) (its scheduler steps at each epoch's start); -quick always uses η(e)")
	seed := fs.Int64("seed", 0, "seed of the weights, drop-path and the batches")
	repeats := fs.Int("repeats", 1, "train this many times (seeds seed, seed+1, ...) into -out/seedN and report the test error's mean ± std, as the paper")
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
	var cfg train.Config
	src := trainSource{Name: *dataName, Path: *dataPath, full: !*quick}
	if *resume {
		dir, err := rundir.Open(*out)
		if err != nil {
			return usagef("-resume: %v", err)
		}
		if err := dir.ReadJSON(rundir.ConfigFile, &cfg); err != nil {
			return err
		}
		if err := dir.ReadJSON(dataFile, &src); err != nil {
			return err
		}
	} else {
		g, err := resolveGenotype(*geno)
		if err != nil {
			return usagef("-genotype: %v", err)
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
			return usagef("-net %q: want cifar or imagenet", *net)
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
		if *net == "imagenet" && !set["data"] {
			return usagef("-net imagenet needs -data DIR (a folder with train/ and val/ class folders)")
		}
		cfg.Net.Auxiliary, cfg.Seed = *auxiliary, *seed
		if *paperSchedule {
			cfg.ScheduleOffset = 0
		}
		if err := cfg.Validate(); err != nil {
			return usageError{err}
		}
		if _, err := os.Stat(rundirFile(*out, rundir.CheckpointFile)); err == nil {
			return usagef("-out %s already holds a run (add -resume to continue it, or choose another folder)", *out)
		}
	}
	data, err := src.load(cfg)
	if err != nil {
		return err
	}
	if !*resume && data.NumClasses != cfg.Net.NumClasses {
		cfg.Net.NumClasses = data.NumClasses // the data decides (ImageNet folders rarely have 1000 classes)
		if err := cfg.Validate(); err != nil {
			return usageError{err}
		}
	}
	dir, err := rundir.Create(*out)
	if err != nil {
		return err
	}
	if !*resume {
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
	stop, release := stopOnSignal(stderr)
	defer release()
	opts := train.Options{Resume: *resume, Progress: stderr, Stop: stop, OnEpoch: func(r train.EpochRecord) {
		fmt.Fprintf(stdout, "epoch %d: lr %.5f drop-path %.3f; train loss %.4f acc %.4f; test loss %.4f acc %.4f (%.0fs)\n",
			r.Epoch+1, r.LR, r.DropPath, r.TrainLoss, r.TrainAcc, r.TestLoss, r.TestAcc, r.Seconds)
	}}
	_, err = train.Run(b, cfg, data, dir, opts)
	if errors.Is(err, train.ErrInterrupted) {
		fmt.Fprintln(stderr)
		return fmt.Errorf("interrupted: checkpoint written to %s; continue with:\n    darts train -out %s -resume",
			dir.File(rundir.CheckpointFile), shellQuote(dir.Path))
	}
	return err
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
