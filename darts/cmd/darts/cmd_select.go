package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dartsml/godarts/darts/genotype"
	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
)

// runRandomSearch is the paper's random-search baseline: -samples genotypes drawn uniformly from
// the search space, each trained briefly, the best by validation accuracy reported.
func runRandomSearch(args []string, stdout, stderr io.Writer) error {
	return runSelection("random-search", args, stdout, stderr)
}

// runSelect is the paper's cell selection: the genotypes of several searches (say 4 seeds), each
// trained briefly, the best by validation accuracy reported.
func runSelect(args []string, stdout, stderr io.Writer) error {
	return runSelection("select", args, stdout, stderr)
}

// selectionSetup is stored in the run directory (selection.json) so that a rerun continues.
type selectionSetup struct {
	Config     train.Config      `json:"config"`
	Data       trainSource       `json:"data"`
	Candidates []train.Candidate `json:"candidates"`
}

func runSelection(name string, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(name, stderr)
	dataName := fs.String("data", "cifar10", "cifar10 or synthetic: the training set, split in halves (train / validation) by -seed")
	dataPath := fs.String("data-path", "", "where cifar10 is (default as for search)")
	out := fs.String("out", "", "run directory (required); rerunning with the same -out continues an interrupted selection")
	quick := fs.Bool("quick", false, "brief trainings from train.QuickCIFAR (minutes each on a CPU) instead of the paper's network for 100 epochs")
	samples := fs.Int("samples", 0, fmt.Sprintf("random-search: genotypes to sample (default: %d, the paper's; 8 with -quick)", train.PaperRandomSamples))
	var genos multiFlag
	fs.Var(&genos, "genotype", "select: a candidate genotype (built-in name, file or repr); repeat for each")
	layers, channels, epochs, stepsPerEpoch, batch := briefTrainingFlags(fs)
	seed := fs.Int64("seed", 0, "seed of the sampling, the split and the trainings (default 0)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("-out DIR is required (the run directory)")
	}
	dir, release, err := lockRunDir(*out)
	if err != nil {
		return err
	}
	defer release()
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	build := func() (selectionSetup, error) { // the setup the flags give
		placeholder, _ := genotype.Lookup("DARTS_V2") // each candidate swaps in its own
		base := train.PaperSelection(placeholder)
		if *quick {
			base = train.QuickCIFAR(base.Net.Genotype)
		}
		for _, o := range []struct {
			name string
			dst  *int
			v    int
		}{{"layers", &base.Net.Layers, *layers}, {"channels", &base.Net.C, *channels}, {"batch", &base.BatchSize, *batch},
			{"epochs", &base.Epochs, *epochs}, {"steps-per-epoch", &base.StepsPerEpoch, *stepsPerEpoch}} {
			if set[o.name] {
				*o.dst = o.v
			}
		}
		base.Seed = *seed
		setup := selectionSetup{Config: base, Data: trainSource{Name: *dataName, Path: *dataPath, full: !*quick}}
		switch name {
		case "random-search":
			n := *samples
			if !set["samples"] {
				n = train.PaperRandomSamples
				if *quick {
					n = 8
				}
			}
			if n < 1 {
				return setup, usagef("-samples %d: want at least 1", n)
			}
			setup.Candidates = train.RandomCandidates(rand.New(rand.NewPCG(uint64(*seed), 0x5a4d)), n)
		case "select":
			if len(genos) < 2 {
				return setup, usagef("-genotype: give at least two candidates (repeat the flag)")
			}
			for _, src := range genos {
				g, err := resolveGenotype(src)
				if err != nil {
					return setup, usagef("-genotype %s: %v", src, err)
				}
				setup.Candidates = append(setup.Candidates, train.Candidate{Name: genotypeName(src), Genotype: g, Repr: g.String()})
			}
		}
		if err := setup.Config.Validate(); err != nil {
			return setup, usageError{err}
		}
		return setup, nil
	}
	var setup selectionSetup
	if err := dir.ReadJSON("selection.json", &setup); err == nil {
		fmt.Fprintf(stdout, "%s: continuing the selection in %s with its stored settings\n", name, dir.Path)
		for i := range setup.Candidates {
			if setup.Candidates[i].Genotype, err = resolveGenotype(setup.Candidates[i].Repr); err != nil {
				return fmt.Errorf("%s: candidate %d: %w", dir.File("selection.json"), i, err)
			}
		}
		if slices.ContainsFunc(selectionFlags, func(n string) bool { return set[n] }) {
			want, err := build()
			if err != nil {
				return err
			}
			if set["data-path"] {
				want.Data.Path = absPath(want.Data.Path)
			} else {
				want.Data.Path = setup.Data.Path
			}
			if err := refuseChanges("settings", dir.Path, selectionView(setup), selectionView(want)); err != nil {
				return err
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	} else if setup, err = build(); err != nil {
		return err
	}
	c := setup.Config
	if err := checkMemory(fmt.Sprintf("trainings of %d cells, C=%d, batch %d", c.Net.Layers, c.Net.C, c.BatchSize),
		evalMemory(c.BatchSize, c.Net.C, c.Net.Layers, 32*32)); err != nil {
		return err
	}
	newData, err := setup.Data.halves(setup.Config)
	if err != nil {
		return err
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
	results, best, err := train.Select(b, setup.Config, setup.Candidates, newData, dir, train.Options{Progress: stderr, Stop: stop})
	if errors.Is(err, train.ErrInterrupted) {
		fmt.Fprintln(stderr)
		return fmt.Errorf("interrupted: continue with the same command (darts %s -out %s)", name, shellQuote(absPath(dir.Path)))
	}
	if err != nil {
		return err
	}
	lines := make([]selectionLine, len(results))
	for i, r := range results {
		lines[i] = selectionLine{r.Name, fmt.Sprintf("validation accuracy %.4f", r.ValAcc), r.Repr}
	}
	return reportSelection(stdout, dir, lines, best, "train")
}

// selectionFlags shape a selection's stored settings: a rerun may repeat them, not change them.
var selectionFlags = []string{"data", "data-path", "quick", "samples", "genotype", "layers", "channels", "epochs", "steps-per-epoch", "batch", "seed"}

// selectionView is what a rerun's flags are compared on: the brief trainings' configuration,
// the data and the candidates.
func selectionView(s selectionSetup) any {
	reprs := make([]string, len(s.Candidates))
	for i, c := range s.Candidates {
		reprs[i] = c.Name + " " + c.Repr
	}
	return struct {
		Config     train.Config `json:"config"`
		Data       trainSource  `json:"data"`
		Candidates []string     `json:"candidates"`
	}{s.Config, trainSource{Name: s.Data.Name, Path: s.Data.Path}, reprs}
}

// selectionLine is one candidate of a finished selection: its name, score and genotype.
type selectionLine struct{ name, score, repr string }

// reportSelection prints the candidates (the best marked), writes the best genotype to
// best_genotype.txt and says how to train it fully with trainCommand.
func reportSelection(stdout io.Writer, dir *rundir.Dir, lines []selectionLine, best int, trainCommand string) error {
	for i, l := range lines {
		mark := " "
		if i == best {
			mark = "*"
		}
		fmt.Fprintf(stdout, "%s %-10s %s  %s\n", mark, l.name, l.score, l.repr)
	}
	bestFile := dir.File("best_genotype.txt")
	if err := rundir.WriteFileAtomic(bestFile, []byte(lines[best].repr+"\n")); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "best: %s (%s); train it fully with:\n    darts %s -genotype %s -out RUN\n",
		lines[best].name, bestFile, trainCommand, shellQuote(bestFile))
	return nil
}

// halves loads the training set and splits it (50/50, seeded) into the brief trainings' training
// and validation data.
func (s *trainSource) halves(cfg train.Config) (func() (train.Data, error), error) {
	seed := uint64(cfg.Seed)
	var all *dataset.Images
	switch s.Name {
	case "cifar10":
		p, err := ensureCIFAR10(s.Path, s.full)
		if err != nil {
			return nil, s.errorf(err)
		}
		if s.Path, err = filepath.Abs(p); err != nil {
			return nil, err
		}
		if all, _, err = cifar10.Load(s.Path); err != nil {
			return nil, s.errorf(err)
		}
	case "synthetic":
		d, err := search.SyntheticData(2*syntheticImages(cfg.BatchSize), seed)
		if err != nil {
			return nil, s.errorf(err)
		}
		all = d.Train
	default:
		return nil, usagef("-data %q: want cifar10 or synthetic", s.Name)
	}
	newData, err := train.ValidationData(all, cfg.BatchSize, seed)
	return newData, s.errorf(err)
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// briefTrainingFlags defines the size flags of the brief trainings of random-search, select and
// progress, which start from train.PaperSelection (train.QuickCIFAR with -quick); -h shows
// those configurations' values as the defaults.
func briefTrainingFlags(fs *flag.FlagSet) (layers, channels, epochs, stepsPerEpoch, batch *int) {
	placeholder, _ := genotype.Lookup("DARTS_V2")
	paper, quick := train.PaperSelection(placeholder), train.QuickCIFAR(placeholder)
	layers = fs.Int("layers", 0, fmt.Sprintf("cells of the brief trainings (default: %d paper, %d quick)", paper.Net.Layers, quick.Net.Layers))
	channels = fs.Int("channels", 0, fmt.Sprintf("initial channels of the brief trainings (default: %d paper, %d quick)", paper.Net.C, quick.Net.C))
	epochs = fs.Int("epochs", 0, fmt.Sprintf("epochs of each brief training (default: %d paper, %d quick)", paper.Epochs, quick.Epochs))
	stepsPerEpoch = fs.Int("steps-per-epoch", 0, fmt.Sprintf("steps per epoch; 0 means one pass over the training half (default: %d paper, %d quick)",
		paper.StepsPerEpoch, quick.StepsPerEpoch))
	batch = fs.Int("batch", 0, fmt.Sprintf("batch size (default: %d paper, %d quick)", paper.BatchSize, quick.BatchSize))
	return
}
