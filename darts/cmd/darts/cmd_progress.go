package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/train"
)

// runProgress measures the paper's Figure 3 from real search runs: the genotype of each chosen
// search epoch (derived from the run's alphas.jsonl) and random genotypes, each trained briefly
// with the cell-selection protocol, written to progress.jsonl for 'darts plot progress'.
func runProgress(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("progress", stderr)
	var runs listFlag
	fs.Var(&runs, "run", "search run directory (repeat, or separate with commas: first and second order, say)")
	at := fs.String("at", "", "search epochs (from 1, as the search prints them) whose genotype to train, e.g. 1,5,10 (default: every epoch)")
	random := fs.Int("random", 4, "random genotypes trained the same way: the baseline band")
	out := fs.String("out", "", "run directory for the trainings and progress.jsonl (required); rerunning continues")
	dataName := fs.String("data", "cifar10", "cifar10 or synthetic: the training set, split in halves (train / validation) by -seed")
	dataPath := fs.String("data-path", "", "where cifar10 is (default as for search)")
	quick := fs.Bool("quick", false, "brief trainings from train.QuickCIFAR instead of the paper's network for 100 epochs")
	layers, channels, epochs, stepsPerEpoch, batch := briefTrainingFlags(fs)
	seed := fs.Int64("seed", 0, "seed of the random genotypes, the split and the trainings (default 0)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("-out DIR is required (the run directory)")
	}
	if len(runs) == 0 && *random == 0 {
		return usagef("nothing to train: give -run DIR (a search) and/or -random N")
	}
	var atEpochs []int
	for _, f := range strings.Split(*at, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		e, err := strconv.Atoi(f)
		if err != nil || e < 1 {
			return usagef("-at %q: want search epochs from 1, separated by commas", *at)
		}
		atEpochs = append(atEpochs, e)
	}
	placeholder, _ := genotype.Lookup("DARTS_V2") // each candidate swaps in its own
	cfg := train.PaperSelection(placeholder)      // the paper's network for 100 epochs, as -h says
	if *quick {
		cfg = train.QuickCIFAR(placeholder)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
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
	cfg.Seed = *seed
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if err := checkMemory(fmt.Sprintf("trainings of %d cells, C=%d, batch %d", cfg.Net.Layers, cfg.Net.C, cfg.BatchSize),
		evalMemory(cfg.BatchSize, cfg.Net.C, cfg.Net.Layers, 32*32)); err != nil {
		return err
	}
	dir, release, err := lockRunDir(*out)
	if err != nil {
		return err
	}
	defer release()
	src := trainSource{Name: *dataName, Path: *dataPath, full: !*quick}
	newData, err := src.halves(cfg)
	if err != nil {
		return err
	}
	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	stop, stopSignals := stopOnSignal("progress", stderr)
	defer stopSignals()
	recs, err := train.Progress(b, cfg, runs, atEpochs, *random, uint64(*seed), newData, dir, train.Options{Progress: stderr, Stop: stop})
	if errors.Is(err, train.ErrInterrupted) {
		fmt.Fprintln(stderr)
		return fmt.Errorf("interrupted: continue with the same command (-out %s)", shellQuote(dir.Path))
	}
	if err != nil {
		return err
	}
	for _, r := range recs {
		fmt.Fprintf(stdout, "%s  %s\n", r, r.Genotype)
	}
	path := dir.File(train.ProgressFile)
	fmt.Fprintf(stdout, "wrote %s (%s); draw it with:\n    darts plot progress -points %s -out FIGURE\n",
		path, train.BudgetOf(cfg), shellQuote(path))
	return nil
}
