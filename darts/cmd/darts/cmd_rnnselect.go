package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/rnn"
)

// runRandomSearchRNN is the paper's random baseline for recurrent cells: -samples cells drawn
// uniformly from the search space, each trained briefly (paper: 300 epochs), the best by
// validation perplexity reported.
func runRandomSearchRNN(args []string, stdout, stderr io.Writer) error {
	return runRNNSelection("random-search-rnn", args, stdout, stderr)
}

// runSelectRNN is the paper's selection among the recurrent cells of several searches.
func runSelectRNN(args []string, stdout, stderr io.Writer) error {
	return runRNNSelection("select-rnn", args, stdout, stderr)
}

// rnnSelectionSetup is stored in the run directory (selection.json) so that a rerun continues.
type rnnSelectionSetup struct {
	Config     rnn.TrainRunConfig `json:"config"`
	Data       string             `json:"data"`
	DataPath   string             `json:"data_path,omitempty"`
	Candidates []rnn.Candidate    `json:"candidates"`
}

// rnnSelectionFlags shape a recurrent selection's stored settings: a rerun may repeat them, not
// change them.
var rnnSelectionFlags = []string{"data", "data-path", "quick", "samples", "genotype", "epochs", "steps-per-epoch", "batch", "seed", "nhid", "emsize"}

// rnnSelectionEpochs is the length of the paper's brief trainings of recurrent candidates.
const rnnSelectionEpochs = 300

func runRNNSelection(name string, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(name, stderr)
	paper, quick := rnn.PaperTrainConfig(genotype.Recurrent{}, 2, false), rnn.QuickTrainConfig(genotype.Recurrent{}, 2)
	f := newRNNFlags(fs, rnnSizes{rnnSelectionEpochs, paper.StepsPerEpoch, paper.BatchSize, paper.Net.Hidden, 3, " (wikitext2: 700)"},
		rnnSizes{quick.Epochs, quick.StepsPerEpoch, quick.BatchSize, quick.Net.Hidden, 3, ""})
	samples := fs.Int("samples", 8, "random-search-rnn: cells to sample")
	var genos multiFlag
	fs.Var(&genos, "genotype", "select-rnn: a candidate cell (built-in name, file or repr); repeat for each")
	// A selection continues in its folder by being run again: -resume is implied.
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *f.out == "" {
		return usagef("-out DIR is required (the run directory)")
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	dir, release, err := lockRunDir(*f.out)
	if err != nil {
		return err
	}
	defer release()
	var setup rnnSelectionSetup
	if err := dir.ReadJSON("selection.json", &setup); err == nil {
		fmt.Fprintf(stdout, "%s: continuing the selection in %s with its stored settings\n", name, dir.Path)
		if slices.ContainsFunc(rnnSelectionFlags, func(n string) bool { return f.set[n] }) {
			want, err := newRNNSelection(name, f, *samples, genos)
			if err != nil {
				return err
			}
			want.Config.Net.Vocab = setup.Config.Net.Vocab // not a flag: the corpus decides
			if !f.set["data-path"] {
				want.DataPath = setup.DataPath
			}
			if err := refuseChanges("settings", dir.Path, setup, want); err != nil {
				return err
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	} else if setup, err = newRNNSelection(name, f, *samples, genos); err != nil {
		return err
	}
	corpus, err := loadCorpus(setup.Data, setup.DataPath)
	if err != nil {
		return err
	}
	if setup.Config.Net.Vocab == 0 {
		setup.Config.Net.Vocab = corpus.Vocab.Len()
	}
	c := setup.Config
	if err := checkMemory(fmt.Sprintf("trainings of %d units, batch %d", c.Net.Hidden, c.BatchSize),
		rnnTrainMemory(c.BatchSize, c.BPTT, c.Net.Vocab, c.Net.Hidden)); err != nil {
		return err
	}
	cells := make([]genotype.Recurrent, len(setup.Candidates))
	names := make([]string, len(setup.Candidates))
	for i, c := range setup.Candidates {
		if cells[i], err = genotype.ParseRecurrent(c.Repr); err != nil {
			return fmt.Errorf("%s: candidate %d: %w", dir.File("selection.json"), i, err)
		}
		names[i] = c.Name
	}
	if err := dir.WriteJSON("selection.json", setup); err != nil {
		return err
	}
	b, err := newBackend(stderr)
	if err != nil {
		return err
	}
	defer b.Finalize()
	stop, stopSignals := stopOnSignal(name, stderr)
	defer stopSignals()
	results, best, err := rnn.Select(b, setup.Config, cells, names, corpus, dir, rnn.TrainOptions{Progress: stderr, Stop: stop})
	if errors.Is(err, rnn.ErrInterrupted) {
		fmt.Fprintln(stderr)
		return fmt.Errorf("interrupted: continue with the same command (darts %s -out %s)", name, shellQuote(absPath(dir.Path)))
	}
	if err != nil {
		return err
	}
	lines := make([]selectionLine, len(results))
	for i, r := range results {
		lines[i] = selectionLine{r.Name, fmt.Sprintf("validation perplexity %.2f", r.ValPPL), r.Repr}
	}
	return reportSelection(stdout, dir, lines, best, "train-rnn")
}

// newRNNSelection builds the setup of a new selection from the flags: the brief training (the
// paper's evaluation model for 300 epochs, or the quick one) and the candidates.
func newRNNSelection(name string, f *rnnFlags, samples int, genos []string) (rnnSelectionSetup, error) {
	placeholder, _ := genotype.LookupRecurrent("DARTS") // each candidate swaps in its own
	cfg := rnn.PaperTrainConfig(placeholder, 0, *f.data == "wikitext2")
	cfg.Epochs = rnnSelectionEpochs
	if *f.quick {
		cfg = rnn.QuickTrainConfig(placeholder, 0)
	}
	f.override(&cfg.Epochs, &cfg.StepsPerEpoch, &cfg.BatchSize, &cfg.Net.Hidden, &cfg.Seed)
	setup := rnnSelectionSetup{Config: cfg, Data: *f.data, DataPath: *f.dataPath}
	switch name {
	case "random-search-rnn":
		if samples < 1 {
			return setup, usagef("-samples %d: want at least 1", samples)
		}
		rng := rand.New(rand.NewPCG(uint64(*f.seed), 0x524e4e))
		for i := range samples {
			g := rnn.RandomGenotype(rng, len(placeholder.Edges))
			setup.Candidates = append(setup.Candidates, rnn.Candidate{Name: fmt.Sprintf("random%02d", i), Repr: g.String()})
		}
	case "select-rnn":
		if len(genos) < 2 {
			return setup, usagef("-genotype: give at least two candidates (repeat the flag)")
		}
		for _, src := range genos {
			g, err := resolveRecurrent(src)
			if err != nil {
				return setup, usagef("-genotype %s: %v", src, err)
			}
			setup.Candidates = append(setup.Candidates, rnn.Candidate{Name: genotypeName(src), Repr: g.String()})
		}
	}
	return setup, nil
}
