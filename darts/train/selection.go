package train

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/backends"
)

// Candidate is one genotype of a selection.
type Candidate struct {
	Name     string            `json:"name"`
	Genotype genotype.Genotype `json:"-"`
	Repr     string            `json:"genotype"`
}

// CandidateResult is one line of candidates.jsonl: a candidate after its brief training.
type CandidateResult struct {
	Candidate
	ValAcc  float64 `json:"val_acc"`
	ValLoss float64 `json:"val_loss"`
}

// SelectionFile lists the candidates' results (one CandidateResult per line) in a selection's
// run directory; each candidate trains in its own sub-folder.
const SelectionFile = "candidates.jsonl"

// Select trains every candidate briefly with cfg (its genotype swapped in) on data, whose Test
// must be a validation split (never the test set: the test set judges only the final training),
// and returns the results and the index of the best by validation accuracy: the paper's cell
// selection, and, over random genotypes, its random-search baseline. Progress survives
// interruption: finished candidates are read back from SelectionFile, the one in progress resumes
// from its checkpoint.
func Select(b backends.Backend, cfg Config, candidates []Candidate, newData func() (Data, error), dir *run.Dir, opts Options) (
	results []CandidateResult, best int, err error) {
	if len(candidates) == 0 {
		return nil, -1, errors.New("train: no candidates to select from")
	}
	if err := run.ReadLines(dir.File(SelectionFile), func(line []byte) error {
		var r CandidateResult
		if err := jsonUnmarshal(line, &r); err != nil {
			return err
		}
		g, err := genotype.Parse(r.Repr)
		if err != nil {
			return fmt.Errorf("%s: %w", dir.File(SelectionFile), err)
		}
		r.Genotype = g
		results = append(results, r)
		return nil
	}); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, -1, err
	}
	for i := len(results); i < len(candidates); i++ {
		c := candidates[i]
		c.Repr = c.Genotype.String()
		sub, err := run.Create(CandidateDir(dir, i))
		if err != nil {
			return results, -1, err
		}
		data, err := newData()
		if err != nil {
			return results, -1, err
		}
		cc := cfg
		cc.Net.Genotype = c.Genotype
		o := opts
		o.Resume = fileExists(sub.File(run.CheckpointFile))
		var last EpochRecord
		o.OnEpoch = func(r EpochRecord) {
			last = r
			if opts.OnEpoch != nil {
				opts.OnEpoch(r)
			}
		}
		if o.Resume {
			err := run.ReadLines(sub.File(run.MetricsFile), func(line []byte) error { return jsonUnmarshal(line, &last) })
			if err != nil && !errors.Is(err, os.ErrNotExist) { // none yet if stopped in its first epoch
				return results, -1, err
			}
		}
		if _, err := Run(b, cc, data, sub, o); err != nil {
			return results, -1, fmt.Errorf("train: candidate %d (%s): %w", i, c.Name, err)
		}
		r := CandidateResult{Candidate: c, ValAcc: last.TestAcc, ValLoss: last.TestLoss}
		if err := dir.Append(SelectionFile, r); err != nil {
			return results, -1, err
		}
		results = append(results, r)
	}
	best = 0
	for i, r := range results {
		if r.ValAcc > results[best].ValAcc {
			best = i
		}
	}
	return results, best, nil
}

// CandidateDir is the sub-folder of a selection's dir in which candidate i trains.
func CandidateDir(dir *run.Dir, i int) string {
	return filepath.Join(dir.Path, fmt.Sprintf("candidate%02d", i))
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
