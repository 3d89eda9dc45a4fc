package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/rnn"
	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/text"
)

// loadCorpus reads -data: ptb or wikitext2 (-data-path, else found as data/text.Find does in
// $DARTS_DATA, ../shared/data and the user cache, else downloaded into $DARTS_DATA or the
// user cache), or a folder holding one (never downloaded to).
func loadCorpus(name, path string) (*text.Corpus, error) {
	src := corpusSource{Name: name, Path: path}
	return src.load()
}

// corpusSource is the corpus of a recurrent run (-data, -data-path), stored as data.json with
// its resolved absolute location (so -resume needs only -out, from any folder) and a checksum
// of its token ids (so -resume refuses another corpus of the same vocabulary size).
type corpusSource struct {
	Name     string `json:"data"`
	Path     string `json:"data_path,omitempty"`
	Checksum string `json:"checksum,omitempty"`
	loaded   string // the checksum of what load read
}

func (s *corpusSource) load() (*text.Corpus, error) {
	kind, path := text.PTB, s.Path
	switch s.Name {
	case "ptb":
	case "wikitext2":
		kind = text.WikiText2
	default:
		if s.Path != "" {
			return nil, usagef("-data-path: with -data DIR the folder is DIR itself")
		}
		path = s.Name
	}
	p, err := text.Ensure(context.Background(), fetch.Getter{}, path, kind)
	if err != nil {
		return nil, fmt.Errorf("-data %s: %w", s.Name, err)
	}
	corpus, err := text.Load(p, kind)
	if err != nil {
		return nil, err
	}
	if s.Name == "ptb" || s.Name == "wikitext2" {
		s.Path = absPath(p)
	} else {
		s.Name = absPath(p)
	}
	words := make([]int32, 0, corpus.Vocab.Len())
	for i := range corpus.Vocab.Len() {
		for _, r := range corpus.Vocab.Word(int32(i)) {
			words = append(words, r)
		}
		words = append(words, -1)
	}
	s.loaded = checksum(corpus.Train, corpus.Valid, corpus.Test, words)
	return corpus, nil
}

// rnnFlags are the flags shared by search-rnn and train-rnn.
type rnnFlags struct {
	data, dataPath, out  *string
	resume, quick        *bool
	epochs, steps, batch *int
	nhid, emsize         *int
	seed                 *int64
	set                  map[string]bool
}

// newRNNFlags defines them with the defaults of the paper's script (paper) and of -quick (quick)
// shown in -h.
func newRNNFlags(fs *flag.FlagSet, paper, quick rnnSizes) *rnnFlags {
	return &rnnFlags{
		data:     fs.String("data", "ptb", "ptb, wikitext2, or a folder with train/valid/test text"),
		dataPath: fs.String("data-path", "", "where ptb or wikitext2 is (never downloaded to; default: the first copy in $DARTS_DATA, ../shared/data next to the repository and the user cache, else downloaded into $DARTS_DATA or the user cache)"),
		out:      fs.String("out", "", "run directory (required)"),
		resume:   fs.Bool("resume", false, "continue the run in -out from its checkpoint, with its stored configuration"),
		quick:    fs.Bool("quick", false, "a small model for minutes on a CPU instead of the paper's settings"),
		epochs:   fs.Int("epochs", 0, fmt.Sprintf("epochs (default: %d paper, %d quick)", paper.epochs, quick.epochs)),
		steps:    fs.Int("steps-per-epoch", 0, fmt.Sprintf("steps per epoch; 0 means one pass over the training text (default: 0 paper, %d quick)", quick.steps)),
		batch:    fs.Int("batch", 0, fmt.Sprintf("batch size (default: %d paper, %d quick)", paper.batch, quick.batch)),
		seed:     fs.Int64("seed", paper.seed, "seed of the weights, the dropouts and the window lengths"),
		nhid: fs.Int("nhid", 0, fmt.Sprintf("embedding and hidden size, tied (the reference's --emsize = --nhid = --nhidlast; default: %d paper%s, %d quick)",
			paper.hidden, paper.hiddenNote, quick.hidden)),
		emsize: fs.Int("emsize", 0, "the same as -nhid (the reference's name for the embedding size, which its model ties to -nhid)"),
	}
}

// rnnSizes are the defaults of rnnFlags.
type rnnSizes struct {
	epochs, steps, batch, hidden int
	seed                         int64
	hiddenNote                   string
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
	if f.set["nhid"] && f.set["emsize"] && *f.nhid != *f.emsize {
		return usagef("-emsize %d -nhid %d: the model ties them (the reference asserts emsize == nhid); give one", *f.emsize, *f.nhid)
	}
	if !*f.resume {
		if _, err := os.Stat(rundirFile(*f.out, rundir.CheckpointFile)); err == nil {
			return usagef("-out %s already holds a run (add -resume to continue it, or choose another folder)", *f.out)
		}
	}
	return nil
}

// open loads the corpus and locks the run directory (creating it). On -resume it reads the
// stored configuration into cfg and the stored corpus, and checks both; flagCfg (called only
// when a configuration flag is given, and after the corpus is known) must then give the same
// configuration.
func (f *rnnFlags) open(cfg any, configFlags []string, flagCfg func(*text.Corpus) (any, error)) (*text.Corpus, *rundir.Dir, func(), error) {
	src := corpusSource{Name: *f.data, Path: *f.dataPath}
	if !*f.resume {
		corpus, err := src.load()
		if err != nil {
			return nil, nil, nil, err
		}
		dir, release, err := lockRunDir(*f.out)
		if err != nil {
			return nil, nil, nil, err
		}
		fail := func(err error) (*text.Corpus, *rundir.Dir, func(), error) { release(); return nil, nil, nil, err }
		if _, err := os.Stat(dir.File(rundir.CheckpointFile)); err == nil { // another run started meanwhile
			return fail(usagef("-out %s already holds a run (add -resume to continue it, or choose another folder)", *f.out))
		}
		if err := startAfresh(dir); err != nil {
			return fail(err)
		}
		src.Checksum = src.loaded
		if err := dir.WriteJSON(rundir.DataFile, src); err != nil {
			return fail(err)
		}
		return corpus, dir, release, nil
	}
	if _, err := os.Stat(rundirFile(*f.out, rundir.CheckpointFile)); err != nil {
		return nil, nil, nil, usagef("-resume: %s has no %s: no run to continue there", *f.out, rundir.CheckpointFile)
	}
	dir, release, err := lockRunDir(*f.out)
	if err != nil {
		return nil, nil, nil, err
	}
	fail := func(err error) (*text.Corpus, *rundir.Dir, func(), error) { release(); return nil, nil, nil, err }
	if err := checkIdentity(dir); err != nil {
		return fail(err)
	}
	if err := dir.ReadJSON(rundir.ConfigFile, cfg); err != nil {
		return fail(err)
	}
	var stored corpusSource
	if err := dir.ReadJSON(rundir.DataFile, &stored); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(err)
	} else if err == nil {
		if (f.set["data"] && src.Name != stored.Name && absPath(src.Name) != stored.Name) || (f.set["data-path"] && absPath(src.Path) != stored.Path) {
			return fail(usagef("-resume: -data %s -data-path %q: the run in %s used -data %s -data-path %q; omit -data to resume it",
				src.Name, src.Path, dir.Path, stored.Name, stored.Path))
		}
		src = stored
	} // else: a run from before data.json was written for recurrent runs: the flags name the corpus
	corpus, err := src.load()
	if err != nil {
		return fail(err)
	}
	if src.Checksum != "" && src.loaded != src.Checksum {
		return fail(fmt.Errorf("-resume: the corpus of -data %s is not the one the run in %s used (checksum %s, stored %s)",
			src.Name, dir.Path, src.loaded, src.Checksum))
	}
	if slices.ContainsFunc(configFlags, func(name string) bool { return f.set[name] }) {
		want, err := flagCfg(corpus)
		if err != nil {
			return fail(err)
		}
		if err := refuseChanges("configuration", dir.Path, cfg, want); err != nil {
			return fail(err)
		}
	}
	return corpus, dir, release, nil
}

// sizeFlags are rnnFlags' flags that shape the configuration.
var sizeFlags = []string{"quick", "epochs", "steps-per-epoch", "batch", "seed", "nhid", "emsize"}

// override applies the explicitly given sizes.
func (f *rnnFlags) override(epochs, steps, batch, hidden *int, seed *int64) {
	for name, p := range map[string][2]*int{"epochs": {epochs, f.epochs}, "steps-per-epoch": {steps, f.steps}, "batch": {batch, f.batch},
		"nhid": {hidden, f.nhid}, "emsize": {hidden, f.emsize}} {
		if f.set[name] {
			*p[0] = *p[1]
		}
	}
	*seed = *f.seed
}

// runSearchRNN searches a recurrent cell (the paper's PTB search) into a run directory.
func runSearchRNN(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search-rnn", stderr)
	paper, quick := rnn.PaperSearchConfig(1, 2), rnn.QuickSearchConfig(1, 2)
	f := newRNNFlags(fs, rnnSizes{paper.Epochs, paper.StepsPerEpoch, paper.BatchSize, paper.Net.Hidden, paper.Seed, ""},
		rnnSizes{quick.Epochs, quick.StepsPerEpoch, quick.BatchSize, quick.Net.Hidden, quick.Seed, ""})
	order := fs.Int("order", 1, "1 or 2")
	moveEmb := fs.Bool("move-embedding", false,
		"second order: the virtual step moves the tied embedding, as the paper's equation (default: kept, as the reference's code)")
	hyper, bptt := rnnSearchHyper(fs)
	if err := f.parse(fs, args); err != nil {
		return err
	}
	if err := hyper.check(f.set); err != nil {
		return err
	}
	if *order != 1 && *order != 2 {
		return usagef("-order %d: want 1 or 2", *order)
	}
	build := func(corpus *text.Corpus) rnn.SearchConfig {
		cfg := rnn.PaperSearchConfig(*order, corpus.Vocab.Len())
		if *f.quick {
			cfg = rnn.QuickSearchConfig(*order, corpus.Vocab.Len())
		}
		f.override(&cfg.Epochs, &cfg.StepsPerEpoch, &cfg.BatchSize, &cfg.Net.Hidden, &cfg.Seed)
		cfg.MoveEmbedding = *moveEmb
		hyper.apply(&cfg, f.set)
		if f.set["bptt"] {
			cfg.BPTT = *bptt
		}
		return cfg
	}
	var cfg rnn.SearchConfig
	corpus, dir, release, err := f.open(&cfg, append(append([]string{"order", "move-embedding", "bptt"}, sizeFlags...), hyper.names()...),
		func(c *text.Corpus) (any, error) { return build(c), nil })
	if err != nil {
		return err
	}
	defer release()
	if !*f.resume {
		cfg = build(corpus)
	}
	if err := checkMemory(fmt.Sprintf("a search of %d units, batch %d", cfg.Net.Hidden, cfg.BatchSize),
		rnnSearchMemory(cfg.BatchSize, cfg.BPTT, cfg.Net.Vocab, cfg.Net.Hidden, cfg.Order)); err != nil {
		return err
	}
	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "search-rnn: %s, order %d, %d units, batch %d, bptt %d, %d epochs; run directory %s\n",
		*f.data, cfg.Order, cfg.Net.Hidden, cfg.BatchSize, cfg.BPTT, cfg.Epochs, dir.Path)
	stop, stopSignals := stopOnSignal("search-rnn", stderr)
	defer stopSignals()
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
	paper, quick := rnn.PaperTrainConfig(genotype.Recurrent{}, 2, false), rnn.QuickTrainConfig(genotype.Recurrent{}, 2)
	wt2 := rnn.PaperTrainConfig(genotype.Recurrent{}, 2, true)
	f := newRNNFlags(fs, rnnSizes{paper.Epochs, paper.StepsPerEpoch, paper.BatchSize, paper.Net.Hidden, paper.Seed,
		fmt.Sprintf(" (wikitext2: %d)", wt2.Net.Hidden)}, rnnSizes{quick.Epochs, quick.StepsPerEpoch, quick.BatchSize, quick.Net.Hidden, quick.Seed, ""})
	geno := fs.String("genotype", "DARTS", "a built-in recurrent cell (DARTS, DARTS_V1), a genotype file, or the repr text")
	testBatch := fs.Int("test-batch", 1, "sequences of the test stream (the reference's 1: each the whole test text)")
	hyper, bptt, nonmono, seqDelta := rnnTrainHyper(fs)
	if err := f.parse(fs, args); err != nil {
		return err
	}
	if err := hyper.check(f.set); err != nil {
		return err
	}
	g, err := resolveRecurrent(*geno)
	if err != nil && (!*f.resume || f.set["genotype"]) {
		return usagef("-genotype: %v", err)
	}
	build := func(corpus *text.Corpus) rnn.TrainRunConfig {
		cfg := rnn.PaperTrainConfig(g, corpus.Vocab.Len(), corpus.Kind == text.WikiText2)
		if *f.quick {
			cfg = rnn.QuickTrainConfig(g, corpus.Vocab.Len())
		}
		f.override(&cfg.Epochs, &cfg.StepsPerEpoch, &cfg.BatchSize, &cfg.Net.Hidden, &cfg.Seed)
		if f.set["test-batch"] {
			cfg.TestBatchSize = *testBatch
		}
		hyper.apply(&cfg, f.set)
		if f.set["bptt"] {
			cfg.BPTT = *bptt
		}
		if f.set["nonmono"] {
			cfg.Opt.NonMono = *nonmono
		}
		if f.set["max-seq-len-delta"] {
			cfg.MaxSeqLenDelta = *seqDelta
		}
		return cfg
	}
	var cfg rnn.TrainRunConfig
	corpus, dir, release, err := f.open(&cfg, append(append([]string{"genotype", "test-batch", "bptt", "nonmono", "max-seq-len-delta"}, sizeFlags...), hyper.names()...),
		func(c *text.Corpus) (any, error) { return build(c), nil })
	if err != nil {
		return err
	}
	defer release()
	if !*f.resume {
		cfg = build(corpus)
	}
	if err := checkMemory(fmt.Sprintf("a training of %d units, batch %d", cfg.Net.Hidden, cfg.BatchSize),
		rnnTrainMemory(cfg.BatchSize, cfg.BPTT, cfg.Net.Vocab, cfg.Net.Hidden)); err != nil {
		return err
	}
	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "train-rnn: %s, %d units, batch %d, %d epochs; cell %s; run directory %s\n",
		*f.data, cfg.Net.Hidden, cfg.BatchSize, cfg.Epochs, cfg.Net.Genotype, dir.Path)
	stop, stopSignals := stopOnSignal("train-rnn", stderr)
	defer stopSignals()
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
			dir.File(rundir.CheckpointFile), command, shellQuote(absPath(dir.Path)))
	}
	return err
}
