package rnn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/text"
	"github.com/gomlx/gomlx/backends"
)

// RandomGenotype samples a recurrent cell uniformly from the search space, as the paper's random
// baseline: node i takes one of the states 0..i and one of the activations other than "none";
// the cell averages all nodes.
func RandomGenotype(rng *rand.Rand, steps int) genotype.Recurrent {
	var r genotype.Recurrent
	for i := range steps {
		r.Edges = append(r.Edges, genotype.Edge{Op: Primitives[1+rng.IntN(len(Primitives)-1)], From: rng.IntN(i + 1)})
		r.Concat = append(r.Concat, i+1)
	}
	return r
}

// Candidate is one recurrent cell of a selection and, once trained, its validation perplexity.
type Candidate struct {
	Name   string  `json:"name"`
	Repr   string  `json:"genotype"`
	ValPPL float64 `json:"val_ppl,omitempty"`
}

// Select trains each cell briefly with cfg (its cell swapped in) in a sub-folder of dir, records
// the last validation perplexity in candidates.jsonl, and returns the results and the index of
// the best: the paper's selection among search seeds, and over RandomGenotype its random baseline
// (paper: 61.8 / 59.4 valid / test perplexity against DARTS's 58.1 / 55.7). A rerun continues:
// finished candidates are read back, an interrupted one resumes.
func Select(b backends.Backend, cfg TrainRunConfig, cells []genotype.Recurrent, names []string, corpus *text.Corpus,
	dir *run.Dir, opts TrainOptions) ([]Candidate, int, error) {
	if len(cells) == 0 || len(cells) != len(names) {
		return nil, -1, fmt.Errorf("rnn: Select: %d cells, %d names", len(cells), len(names))
	}
	done, err := readJSONL[Candidate](dir.Path, "candidates.jsonl")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, -1, err
	}
	for i := len(done); i < len(cells); i++ {
		sub, err := run.Create(filepath.Join(dir.Path, fmt.Sprintf("candidate%02d", i)))
		if err != nil {
			return done, -1, err
		}
		c := cfg
		g := cells[i]
		c.Net.Genotype = &g
		o := opts
		_, statErr := os.Stat(sub.File(run.CheckpointFile))
		o.Resume = statErr == nil
		if _, err := Train(b, c, corpus, sub, o); err != nil {
			return done, -1, fmt.Errorf("rnn: candidate %d (%s): %w", i, names[i], err)
		}
		recs, err := ReadTrain(sub.Path)
		if err != nil || len(recs) == 0 {
			return done, -1, fmt.Errorf("rnn: candidate %d: no finished epoch (%v)", i, err)
		}
		cand := Candidate{Name: names[i], Repr: g.String(), ValPPL: recs[len(recs)-1].ValPPL}
		if err := dir.Append("candidates.jsonl", cand); err != nil {
			return done, -1, err
		}
		done = append(done, cand)
	}
	best := 0
	for i, c := range done {
		if c.ValPPL < done[best].ValPPL {
			best = i
		}
	}
	return done, best, nil
}
