package train

import (
	"fmt"
	"math/rand/v2"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/backends"
)

// Comparison is a searched cell's training against random cells trained the same way: one random
// cell says little (at small budgets two cells' accuracies differ by a few points from the draw
// alone), the spread of several says how far the searched cell stands from chance.
type Comparison struct {
	Searched float64   // the searched cell's final accuracy
	Random   []float64 // each random cell's final accuracy
	// RandomGenotypes are the random cells, in the order of Random.
	RandomGenotypes []genotype.Genotype
	// Dirs are the run folders (metrics.jsonl), the searched cell's first.
	Dirs []string
}

// RandomMeanStd is the random cells' mean accuracy and its sample standard deviation (MeanStd).
func (c Comparison) RandomMeanStd() (mean, std float64) { return MeanStd(c.Random) }

// String is the comparison in a line, in %: "test accuracy: searched cell 71.3%, random cells
// 68.0 ± 2.1% (mean ± std of 3; searched cell 1.6 std above their mean)".
func (c Comparison) String() string {
	mean, std := c.RandomMeanStd()
	s := fmt.Sprintf("test accuracy: searched cell %.1f%%, random cells %.1f ± %.1f%% (mean ± std of %d",
		100*c.Searched, 100*mean, 100*std, len(c.Random))
	if std > 0 {
		d := (c.Searched - mean) / std
		where := "above"
		if d < 0 {
			d, where = -d, "below"
		}
		s += fmt.Sprintf("; searched cell %.1f std %s their mean", d, where)
	}
	return s + ")"
}

// CompareRandom trains g, then n cells drawn by RandomCandidates (seeded by seed), each from
// scratch with cfg (its genotype swapped in) on the data newData makes, and returns their final
// accuracies on that data's Test split. It runs on Select's machinery (each cell in its own
// sub-folder of dir, an interrupted comparison continues where it stopped), but chooses nothing:
// Test may be the test set, as for any final training.
func CompareRandom(b backends.Backend, cfg Config, g genotype.Genotype, n int, seed uint64,
	newData func() (Data, error), dir *run.Dir, opts Options) (Comparison, error) {
	if n < 2 {
		return Comparison{}, fmt.Errorf("train: CompareRandom: %d random cells, want at least 2 (a spread needs two)", n)
	}
	cands := append([]Candidate{{Name: "searched", Genotype: g, Repr: g.String()}},
		RandomCandidates(rand.New(rand.NewPCG(seed, 0xc0)), n)...)
	results, _, err := Select(b, cfg, cands, newData, dir, opts)
	if err != nil {
		return Comparison{}, err
	}
	var c Comparison
	for i, r := range results {
		if r.Repr != cands[i].Repr {
			return Comparison{}, fmt.Errorf("train: CompareRandom: %s holds %s as cell %d, not %s: a different comparison",
				dir.File(SelectionFile), r.Repr, i, cands[i].Repr)
		}
		c.Dirs = append(c.Dirs, CandidateDir(dir, i))
		if i == 0 {
			c.Searched = r.ValAcc
			continue
		}
		c.Random, c.RandomGenotypes = append(c.Random, r.ValAcc), append(c.RandomGenotypes, r.Genotype)
	}
	return c, nil
}
