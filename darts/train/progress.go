package train

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/gomlx/gomlx/backends"
)

// The paper's Figure 3 (search progress) plots how good the cell derived so far is, against how
// long the search has run. Progress measures it from real runs: the genotype of each chosen
// epoch, derived from alphas.jsonl, is trained briefly with the cell-selection protocol (Select:
// the same training for every candidate, scored on a held-out half of the training set), and so
// are random genotypes, the baseline at the same training budget.

// ProgressFile is the result of Progress in its run directory, one ProgressRecord per line.
const ProgressFile = "progress.jsonl"

// ProgressRecord is one trained candidate of a progress measurement.
type ProgressRecord struct {
	Search string `json:"search"`          // the search run's folder name; "random" for the baseline
	Order  int    `json:"order,omitempty"` // the search's order
	// Epoch is the search epoch the genotype was derived after (from 1); 0 for random cells.
	Epoch int `json:"epoch,omitempty"`
	// SearchSeconds is the search's wall time up to the end of Epoch (its cost on this machine).
	SearchSeconds float64 `json:"search_seconds,omitempty"`
	Genotype      string  `json:"genotype"`
	// ValError is the error (%) on the held-out half after the brief training.
	ValError float64 `json:"val_error"`
	// Budget describes the brief training (cells, channels, steps), for figures to say.
	Budget string `json:"budget"`
}

// String is the record in a line: "cifar10_order1 epoch 6: validation error 83.6%", or
// "random cell: validation error 82.8%".
func (r ProgressRecord) String() string {
	what := "random cell"
	if r.Search != "random" {
		what = fmt.Sprintf("%s epoch %d", r.Search, r.Epoch)
	}
	return fmt.Sprintf("%s: validation error %.1f%%", what, r.ValError)
}

// BudgetOf describes a brief training's size, e.g. "3 cells, C=4, 2×10 steps of 16 images".
func BudgetOf(cfg Config) string {
	steps := fmt.Sprintf("%d epochs", cfg.Epochs)
	if cfg.StepsPerEpoch > 0 {
		steps = fmt.Sprintf("%d×%d steps", cfg.Epochs, cfg.StepsPerEpoch)
	}
	return fmt.Sprintf("%d cells, C=%d, %s of %d images", cfg.Net.Layers, cfg.Net.C, steps, cfg.BatchSize)
}

// ProgressCandidates derives the genotypes of a search run after each of epochs (from 1; every
// epoch when empty) and returns them as selection candidates with their records (ValError
// still 0).
func ProgressCandidates(searchDir string, epochs []int) ([]Candidate, []ProgressRecord, error) {
	h, err := search.LoadHistory(searchDir)
	if err != nil {
		return nil, nil, err
	}
	if len(epochs) == 0 {
		for e := range h.Alphas {
			epochs = append(epochs, e+1)
		}
	}
	name := filepath.Base(filepath.Clean(searchDir))
	var cands []Candidate
	var recs []ProgressRecord
	for _, e := range epochs {
		g, err := h.GenotypeAt(e)
		if err != nil {
			return nil, nil, err
		}
		seconds := 0.0
		for _, r := range h.Epochs[:e] {
			seconds += r.Seconds
		}
		cands = append(cands, Candidate{Name: fmt.Sprintf("%s_epoch%02d", name, e), Genotype: g, Repr: g.String()})
		recs = append(recs, ProgressRecord{Search: name, Order: h.Config.Order, Epoch: e, SearchSeconds: seconds, Genotype: g.String()})
	}
	return cands, recs, nil
}

// Progress trains, with cfg and the data newData makes (a training half and a held-out half:
// ValidationData), the genotypes of every search in searchDirs after each of epochs, then random
// genotypes (seeded by seed), and writes the results to dir's ProgressFile. Trainings are
// Select's, so an interrupted measurement continues where it stopped.
func Progress(b backends.Backend, cfg Config, searchDirs []string, epochs []int, random int, seed uint64,
	newData func() (Data, error), dir *run.Dir, opts Options) ([]ProgressRecord, error) {
	var cands []Candidate
	var recs []ProgressRecord
	for _, sd := range searchDirs {
		c, r, err := ProgressCandidates(sd, epochs)
		if err != nil {
			return nil, err
		}
		cands, recs = append(cands, c...), append(recs, r...)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e0))
	for i := range random {
		g := genotype.RandomCNN(rng, 4)
		cands = append(cands, Candidate{Name: fmt.Sprintf("random%02d", i), Genotype: g, Repr: g.String()})
		recs = append(recs, ProgressRecord{Search: "random", Genotype: g.String()})
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("train: Progress: nothing to train (no search runs and no random cells)")
	}
	results, _, err := Select(b, cfg, cands, newData, dir, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	for i := range recs {
		if results[i].Repr != recs[i].Genotype {
			return nil, fmt.Errorf("train: Progress: %s holds %s as candidate %d, not %s: a different measurement",
				dir.File(SelectionFile), results[i].Repr, i, recs[i].Genotype)
		}
		recs[i].ValError = 100 * (1 - results[i].ValAcc)
		recs[i].Budget = BudgetOf(cfg)
		line, err := json.Marshal(recs[i])
		if err != nil {
			return nil, err
		}
		buf.Write(append(line, '\n'))
	}
	if err := run.WriteFileAtomic(dir.File(ProgressFile), buf.Bytes()); err != nil {
		return nil, err
	}
	return recs, nil
}

// ReadProgress reads a ProgressFile.
func ReadProgress(path string) ([]ProgressRecord, error) {
	var recs []ProgressRecord
	err := run.ReadLines(path, func(line []byte) error {
		var r ProgressRecord
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		recs = append(recs, r)
		return nil
	})
	if err == nil && len(recs) == 0 {
		err = fmt.Errorf("train: %s has no records", path)
	}
	return recs, err
}

// QuickProgress is the brief training of ModeProgress's quick mode: 3 cells of 4 channels, 2
// epochs of 15 steps of 16 images, scored on 8 batches of the held-out half. Small enough that
// a notebook can train several cells on two CPU cores; far too small for its errors to rank
// cells reliably, which the figure says by naming the budget.
func QuickProgress() Config {
	placeholder, _ := genotype.Lookup("DARTS_V2") // each candidate swaps in its own
	c := QuickCIFAR(placeholder)
	c.Net.C, c.Net.Layers, c.Net.Auxiliary = 4, 3, false
	c.Epochs, c.BatchSize, c.StepsPerEpoch, c.EvalBatches = 2, 16, 15, 8
	return c
}

// ModeProgress is the brief training and data of a notebook's DARTS_MODE for Progress: quick
// mode QuickProgress on the halves of whatever CIFAR-10 copy cifar10.ForMode finds; paper mode
// the paper's selection training (its network for 100 epochs) on the halves of the full set.
func ModeProgress(mode string) (Config, func() (Data, error), error) {
	placeholder, _ := genotype.Lookup("DARTS_V2")
	var cfg Config
	switch mode {
	case "", "quick":
		cfg = QuickProgress()
	case "paper":
		cfg = PaperCIFAR(placeholder)
		cfg.Epochs = 100
	default:
		return Config{}, nil, fmt.Errorf("train: mode %q, want quick or paper", mode)
	}
	path, err := cifar10.ForMode(mode)
	if err != nil {
		return Config{}, nil, err
	}
	trainSet, _, err := cifar10.Load(path)
	if err != nil {
		return Config{}, nil, err
	}
	newData, err := ValidationData(trainSet, cfg.BatchSize, uint64(cfg.Seed))
	return cfg, newData, err
}
