package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
)

// History is what a finished (or interrupted) search left in its run directory.
type History struct {
	Dir      string
	Config   RunConfig
	Epochs   []EpochRecord // metrics.jsonl, one per finished epoch
	Alphas   []AlphaRecord // alphas.jsonl: softmax(α) after each finished epoch
	Genotype genotype.Genotype
	// EarlyStop is set when DARTS-ES stopped the run (early_stop.json); Genotype is then the
	// returned epoch's.
	EarlyStop *EarlyStop
}

// LoadHistory reads a run directory written by Run. A run with no finished epoch yet is an
// error: there is nothing to plot or derive.
func LoadHistory(dir string) (*History, error) {
	d, err := run.Open(dir)
	if err != nil {
		return nil, err
	}
	h := &History{Dir: dir}
	if err := d.ReadJSON(run.ConfigFile, &h.Config); err != nil {
		return nil, err
	}
	if h.Epochs, err = readEpochs[EpochRecord](dir, run.MetricsFile); err != nil {
		return nil, err
	}
	if h.Alphas, err = readEpochs[AlphaRecord](dir, run.AlphasFile); err != nil {
		return nil, err
	}
	if len(h.Alphas) == 0 {
		return nil, fmt.Errorf("search: %s has no finished epoch yet", dir)
	}
	if len(h.Alphas) != len(h.Epochs) {
		return nil, fmt.Errorf("search: %s: %d epochs of metrics but %d of alphas", dir, len(h.Epochs), len(h.Alphas))
	}
	if err := d.ReadJSON(run.GenotypeFile, &h.Genotype); err != nil {
		return nil, err
	}
	if _, err := os.Stat(d.File(EarlyStopFile)); err == nil {
		if h.EarlyStop, err = ReadEarlyStop(dir); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// readEpochs reads a per-epoch file of run directory dir, epochs counted from 0 (run.ReadEpochFile).
func readEpochs[T any, P run.Epoched[T]](dir, name string) ([]T, error) {
	recs, err := run.ReadEpochFile[T, P](dir, name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("search: %s missing: no epoch of this run has finished", filepath.Join(dir, name))
	}
	return recs, err
}

// Primitives is the op names of the α columns.
func (h *History) Primitives() []string {
	if p := h.Alphas[0].Primitives; len(p) > 0 {
		return p
	}
	return h.Config.Net.withDefaults().Primitives
}

// EpochAxis is 1, 2, … (epochs finished), the x values for plots against epochs.
func (h *History) EpochAxis() []float64 {
	x := make([]float64, len(h.Alphas))
	for i, a := range h.Alphas {
		x[i] = float64(a.Epoch + 1)
	}
	return x
}

// Last is the final softmax(α).
func (h *History) Last() AlphaRecord { return h.Alphas[len(h.Alphas)-1] }

// OpCurves returns, for each primitive (in α column order), its softmax weight against epochs
// in the given cell ("normal" or "reduce"): averaged over the cell's edges when edge < 0,
// else on that edge alone.
func (h *History) OpCurves(cell string, edge int) ([][]float64, error) {
	curves := make([][]float64, len(h.Primitives()))
	for e, a := range h.Alphas {
		w, err := a.Cell(cell)
		if err != nil {
			return nil, err
		}
		var row []float64
		if edge < 0 {
			row = MeanOpWeights(w)
		} else if edge < len(w) {
			row = w[edge]
		} else {
			return nil, fmt.Errorf("search: edge %d of a cell with %d edges", edge, len(w))
		}
		if len(row) != len(curves) {
			return nil, fmt.Errorf("search: epoch %d has %d ops, want %d", e, len(row), len(curves))
		}
		for op := range curves {
			curves[op] = append(curves[op], row[op])
		}
	}
	return curves, nil
}

// ShareCurve is OpShare against epochs: the softmax weight that ops get together in the cell,
// averaged over its edges, after each epoch.
func (h *History) ShareCurve(cell string, ops ...string) ([]float64, error) {
	y := make([]float64, len(h.Alphas))
	for e, a := range h.Alphas {
		w, err := a.Cell(cell)
		if err != nil {
			return nil, err
		}
		y[e] = OpShare(w, h.Primitives(), ops...)
	}
	return y, nil
}

// Eigenvalues returns the epochs (1, 2, …, as EpochAxis) that measured the Hessian's eigenvalue
// and its values.
func (h *History) Eigenvalues() (epochs, values []float64) {
	for _, e := range h.Epochs {
		if e.HessianEigenvalue != nil {
			epochs = append(epochs, float64(e.Epoch+1))
			values = append(values, *e.HessianEigenvalue)
		}
	}
	return epochs, values
}

// SkipCounts is the number of skip connections in the derived normal cell after each epoch.
func (h *History) SkipCounts() []float64 {
	y := make([]float64, len(h.Epochs))
	for i, e := range h.Epochs {
		y[i] = float64(e.NormalSkips)
	}
	return y
}

// SecondsPerStep is the run's measured time per search step (epochs' wall time, which includes
// their evaluation and checkpoint, over their steps).
func (h *History) SecondsPerStep() float64 {
	var s float64
	var steps int
	for _, e := range h.Epochs {
		s += e.Seconds
		steps += e.Steps
	}
	if steps == 0 {
		return 0
	}
	return s / float64(steps)
}
