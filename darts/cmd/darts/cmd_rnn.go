package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dartsml/godarts/darts/rnn"
	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/text"
)

// loadCorpus reads -data: ptb or wikitext2 (-data-path, else found as data/text.Find does in
// $DARTS_DATA, ../shared/data and the user cache, else downloaded into $DARTS_DATA or the
// user cache), or a folder holding one (never downloaded to).
func loadCorpus(name, path string) (*text.Corpus, error) {
	kind := text.PTB
	switch name {
	case "ptb":
	case "wikitext2":
		kind = text.WikiText2
	default:
		if path != "" {
			return nil, usagef("-data-path: with -data DIR the folder is DIR itself")
		}
		path = name
	}
	p, err := text.Ensure(context.Background(), fetch.Getter{}, path, kind)
	if err != nil {
		return nil, fmt.Errorf("-data %s: %w", name, err)
	}
	return text.Load(p, kind)
}

// rnnFlags are the flags shared by search-rnn and train-rnn.
type rnnFlags struct {
	data, dataPath, out  *string
	resume, quick        *bool
	epochs, steps, batch *int
	seed                 *int64
	set                  map[string]bool
}

func newRNNFlags(fs *flag.FlagSet) *rnnFlags {
	return &rnnFlags{
		data:     fs.String("data", "ptb", "ptb, wikitext2, or a folder with train/valid/test text"),
		dataPath: fs.String("data-path", "", "where ptb or wikitext2 is (never downloaded to; default: the first copy in $DARTS_DATA, ../shared/data next to the repository and the user cache, else downloaded into $DARTS_DATA or the user cache)"),
		out:      fs.String("out", "", "run directory (required)"),
		resume:   fs.Bool("resume", false, "continue the run in -out from its checkpoint, with its stored configuration"),
		quick:    fs.Bool("quick", false, "a small model for minutes on a CPU instead of the paper's settings"),
		epochs:   fs.Int("epochs", 0, "epochs (default: the paper's, or quick's)"),
		steps:    fs.Int("steps-per-epoch", 0, "steps per epoch (0: the default: one pass, or quick's)"),
		batch:    fs.Int("batch", 0, "batch size (default: the paper's, or quick's)"),
		seed:     fs.Int64("seed", 3, "seed"),
	}
}

func (f *rnnFlags) parse(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	if *f.out == "" {
		return usagef("-out DIR is required (the run directory)")
	}
	if !*f.resume {
		if _, err := os.Stat(rundirFile(*f.out, rundir.CheckpointFile)); err == nil {
			return usagef("-out %s already holds a run (add -resume to continue it, or choose another folder)", *f.out)
		}
	}
	return nil
}

// open loads the corpus and creates the run directory; on -resume it reads the stored
// configuration into cfg.
func (f *rnnFlags) open(cfg any) (*text.Corpus, *rundir.Dir, error) {
	corpus, err := loadCorpus(*f.data, *f.dataPath)
	if err != nil {
		return nil, nil, err
	}
	dir, err := rundir.Create(*f.out)
	if err != nil {
		return nil, nil, err
	}
	if *f.resume {
		if err := dir.ReadJSON(rundir.ConfigFile, cfg); err != nil {
			return nil, nil, err
		}
	}
	return corpus, dir, nil
}

// override applies the explicitly given sizes.
func (f *rnnFlags) override(epochs, steps, batch *int, seed *int64) {
	for name, p := range map[string][2]*int{"epochs": {epochs, f.epochs}, "steps-per-epoch": {steps, f.steps}, "batch": {batch, f.batch}} {
		if f.set[name] {
			*p[0] = *p[1]
		}
	}
	*seed = *f.seed
}

// runSearchRNN searches a recurrent cell (the paper's PTB search) into a run directory.
func runSearchRNN(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search-rnn", stderr)
	f := newRNNFlags(fs)
	order := fs.Int("order", 1, "1 or 2")
	moveEmb := fs.Bool("move-embedding", false,
		"second order: the virtual step moves the tied embedding, as the paper's equation (default: kept, as the reference's code)")
	if err := f.parse(fs, args); err != nil {
		return err
	}
	var cfg rnn.SearchConfig
	corpus, dir, err := f.open(&cfg)
	if err != nil {
		return err
	}
	if !*f.resume {
		if *order != 1 && *order != 2 {
			return usagef("-order %d: want 1 or 2", *order)
		}
		cfg = rnn.PaperSearchConfig(*order, corpus.Vocab.Len())
		if *f.quick {
			cfg = rnn.QuickSearchConfig(*order, corpus.Vocab.Len())
		}
		f.override(&cfg.Epochs, &cfg.StepsPerEpoch, &cfg.BatchSize, &cfg.Seed)
		cfg.MoveEmbedding = *moveEmb
	}
	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "search-rnn: %s, order %d, %d units, batch %d, bptt %d, %d epochs; run directory %s\n",
		*f.data, cfg.Order, cfg.Net.Hidden, cfg.BatchSize, cfg.BPTT, cfg.Epochs, dir.Path)
	stop, release := stopOnSignal(stderr)
	defer release()
	_, err = rnn.Search(b, cfg, corpus, dir, rnn.SearchOptions{Resume: *f.resume, Progress: stderr, Stop: stop,
		OnEpoch: func(r rnn.SearchRecord) {
			fmt.Fprintf(stdout, "epoch %d: train NLL %.3f, α-step NLL %.3f, validation perplexity %.1f (%.0fs)\n  %s\n",
				r.Epoch+1, r.TrainLoss, r.ArchLoss, r.ValPPL, r.Seconds, r.Genotype)
		}})
	return interrupted(err, "search-rnn", dir)
}

// runTrainRNN trains a recurrent cell's evaluation model into a run directory.
func runTrainRNN(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train-rnn", stderr)
	f := newRNNFlags(fs)
	geno := fs.String("genotype", "DARTS", "a built-in recurrent cell (DARTS, DARTS_V1), a genotype file, or the repr text")
	testBatch := fs.Int("test-batch", 1, "sequences of the test stream (the reference's 1: each the whole test text)")
	if err := f.parse(fs, args); err != nil {
		return err
	}
	if *testBatch < 1 {
		return usagef("-test-batch %d: want >= 1", *testBatch)
	}
	var cfg rnn.TrainRunConfig
	corpus, dir, err := f.open(&cfg)
	if err != nil {
		return err
	}
	if !*f.resume {
		g, err := resolveRecurrent(*geno)
		if err != nil {
			return usagef("-genotype: %v", err)
		}
		cfg = rnn.PaperTrainConfig(g, corpus.Vocab.Len(), corpus.Kind == text.WikiText2)
		if *f.quick {
			cfg = rnn.QuickTrainConfig(g, corpus.Vocab.Len())
		}
		f.override(&cfg.Epochs, &cfg.StepsPerEpoch, &cfg.BatchSize, &cfg.Seed)
		if f.set["test-batch"] {
			cfg.TestBatchSize = *testBatch
		}
	}
	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "train-rnn: %s, %d units, batch %d, %d epochs; cell %s; run directory %s\n",
		*f.data, cfg.Net.Hidden, cfg.BatchSize, cfg.Epochs, cfg.Net.Genotype, dir.Path)
	stop, release := stopOnSignal(stderr)
	defer release()
	_, err = rnn.Train(b, cfg, corpus, dir, rnn.TrainOptions{Resume: *f.resume, Progress: stderr, Stop: stop,
		OnEpoch: func(r rnn.TrainRecord) {
			best := "test (at the best validation so far)"
			if r.Best {
				best = "new best, test"
			}
			fmt.Fprintf(stdout, "epoch %d: train NLL %.3f, validation perplexity %.1f, %s %.1f, ASGD %v (%.0fs)\n",
				r.Epoch+1, r.TrainLoss, r.ValPPL, best, r.TestPPL, r.ASGD, r.Seconds)
		}})
	return interrupted(err, "train-rnn", dir)
}

func interrupted(err error, command string, dir *rundir.Dir) error {
	if errors.Is(err, rnn.ErrInterrupted) {
		return fmt.Errorf("interrupted: checkpoint written to %s; continue with:\n    darts %s -out %s -resume",
			dir.File(rundir.CheckpointFile), command, shellQuote(dir.Path))
	}
	return err
}
