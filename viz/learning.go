package viz

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/dartsml/godarts/darts/record"
	"github.com/dartsml/godarts/darts/run"
	"gonum.org/v1/plot/vg"
)

// RunMetrics is one run's metrics.jsonl, named for legends.
type RunMetrics struct {
	Name    string
	Records []record.SearchEpoch
	// TrainPPL and ValPPL are the perplexities of records that have them ("train_ppl" and
	// "val_ppl", written by language-model searches); nil when no record has them.
	TrainPPL, ValPPL []float64
}

// ReadMetrics reads metrics.jsonl of a run directory, named after the directory, epochs counted
// from 0 whatever the run's epoch base.
func ReadMetrics(runDir string) (RunMetrics, error) {
	m := RunMetrics{Name: filepath.Base(filepath.Clean(runDir))}
	withPPL := 0
	base, err := run.ReadEpochBase(runDir)
	if err != nil {
		return m, fmt.Errorf("viz: %w", err)
	}
	err = run.ReadLines((&run.Dir{Path: runDir}).File(run.MetricsFile), func(line []byte) error {
		var rec struct {
			record.SearchEpoch
			TrainPPL *float64 `json:"train_ppl"`
			ValPPL   *float64 `json:"val_ppl"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return err
		}
		rec.Epoch -= base // from 0 whatever the run's epoch base, as run.ReadEpochFile
		m.Records = append(m.Records, rec.SearchEpoch)
		if rec.TrainPPL != nil && rec.ValPPL != nil {
			withPPL++
			m.TrainPPL, m.ValPPL = append(m.TrainPPL, *rec.TrainPPL), append(m.ValPPL, *rec.ValPPL)
		}
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("viz: %w", err)
	}
	if len(m.Records) == 0 {
		return m, fmt.Errorf("viz: %s has no epochs", (&run.Dir{Path: runDir}).File(run.MetricsFile))
	}
	if withPPL != len(m.Records) { // perplexity only when every epoch has it
		m.TrainPPL, m.ValPPL = nil, nil
	}
	return m, nil
}

// validationDashes draws validation curves dashed under their run's solid training curve.
var validationDashes = []vg.Length{5, 3}

// LearningCurves draws training (solid) and validation (dashed) loss, and accuracy, or perplexity
// when every run has it, against epochs, one colour per run, in two panels side by side.
func LearningCurves(runs ...RunMetrics) (Figure, error) { return PrintStyle.LearningCurves(runs...) }

// LearningCurves is the package's LearningCurves in style s.
func (s Style) LearningCurves(runs ...RunMetrics) (Figure, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("viz: LearningCurves: no runs")
	}
	ppl := true
	for _, r := range runs {
		if len(r.Records) == 0 {
			return nil, fmt.Errorf("viz: LearningCurves: run %q has no epochs", r.Name)
		}
		ppl = ppl && r.TrainPPL != nil
	}
	var loss, second []Series
	for i, r := range runs {
		clr := s.Color(i)
		n := len(r.Records)
		x, tl, vl, ta, va := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for k, rec := range r.Records {
			x[k], tl[k], vl[k], ta[k], va[k] = float64(rec.Epoch+1), rec.TrainLoss, rec.ValLoss, 100*rec.TrainAcc, 100*rec.ValAcc
		}
		if ppl {
			ta, va = r.TrainPPL, r.ValPPL
		}
		name := func(what string) string {
			if len(runs) == 1 {
				return what
			}
			return r.Name + " " + what
		}
		loss = append(loss, Series{Name: name("train"), X: x, Y: tl, Color: clr},
			Series{Name: name("validation"), X: x, Y: vl, Color: clr, Dashes: validationDashes})
		second = append(second, Series{Name: name("train"), X: x, Y: ta, Color: clr},
			Series{Name: name("validation"), X: x, Y: va, Color: clr, Dashes: validationDashes})
	}
	lp, err := s.Curves("Loss", "epoch", "cross-entropy", loss...)
	if err != nil {
		return nil, err
	}
	title, label := "Accuracy", "accuracy (%)"
	if ppl {
		title, label = "Perplexity", "perplexity"
	}
	ap, err := s.Curves(title, "epoch", label, second...)
	if err != nil {
		return nil, err
	}
	return Split{Panels: []Figure{lp, ap}, Gap: 12, Style: s}, nil
}
