package search

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// errStoppedEarly ends the epoch loop after DARTS-ES stopped it; Run returns no error then
// (run.Loop's ErrStopEarly).
var errStoppedEarly = run.ErrStopEarly

// eigenvalue measures λ_max of ∇²α L_val at the current weights and α on the first
// HessianBatches validation batches in file order (the same images every time, without
// augmentation, as evaluate), seeded by the run's seed so that a resumed run measures the same.
func (l *loop) eigenvalue() (Eigen, error) {
	if l.hessian == nil {
		eval, err := dataset.NewBatcher(l.val.Dataset(), dataset.Config{BatchSize: l.cfg.BatchSize})
		if err != nil {
			return Eigen{}, err
		}
		var batches [][2]*tensors.Tensor
		for i := 0; i < max(1, l.cfg.HessianBatches); i++ {
			b := eval.NewBatch()
			if !eval.Next(b) {
				break
			}
			batches = append(batches, [2]*tensors.Tensor{batchTensors(b), batchLabels(b)})
		}
		if l.hessian, err = l.s.NewAlphaGradient(batches); err != nil {
			return Eigen{}, err
		}
	}
	e, err := l.hessian.MaxEigenvalue(HessianOptions{Iters: l.cfg.HessianIters, Eps: l.cfg.HessianEps, Seed: uint64(l.cfg.Seed)})
	if err != nil {
		return e, fmt.Errorf("search: Hessian eigenvalue: %w", err)
	}
	return e, nil
}

// withEigenvalue keeps the records that measured the eigenvalue.
func withEigenvalue(recs []EpochRecord) []EpochRecord {
	var out []EpochRecord
	for _, r := range recs {
		if r.HessianEigenvalue != nil {
			out = append(out, r)
		}
	}
	return out
}

// maybeStop applies DARTS-ES to the measurements so far. On a stop it puts the α of the returned
// epoch back into the searcher (as log softmax(α) from alphas.jsonl: the same op weights), writes
// its genotype as the run's genotype.json and genotype.txt, records the stop in early_stop.json,
// and returns errStoppedEarly. The checkpoint stays the last epoch's: the run cannot be resumed.
func (l *loop) maybeStop() error {
	epochs := make([]int, len(l.measured))
	lambdas := make([]float64, len(l.measured))
	for i, r := range l.measured {
		epochs[i], lambdas[i] = r.Epoch, *r.HessianEigenvalue
	}
	stop, ok := l.cfg.earlyStopRule().Check(epochs, lambdas)
	if !ok {
		return nil
	}
	alphas, err := readEpochs[AlphaRecord](l.dir.Path, run.AlphasFile)
	if err != nil {
		return err
	}
	var back *AlphaRecord
	for i := range alphas {
		if alphas[i].Epoch == stop.ReturnedEpoch {
			back = &alphas[i]
		}
	}
	if back == nil {
		return fmt.Errorf("search: early stop: %s has no epoch %d", l.dir.File(run.AlphasFile), stop.ReturnedEpoch)
	}
	if err := l.s.setAlphaWeights(back.Normal, back.Reduce); err != nil {
		return err
	}
	if back.EdgeNormal != nil {
		bn, br := l.s.Net.Betas(l.s.Ctx)
		for _, p := range []struct {
			v *context.Variable
			w []float64
		}{{bn, back.EdgeNormal}, {br, back.EdgeReduce}} {
			// log of the per-node softmax gives it back (a node's edges may shift together).
			b := make([]float32, len(p.w))
			for i, x := range p.w {
				b[i] = float32(math.Log(max(x, 1e-30)))
			}
			if err := p.v.SetValue(tensors.FromFlatDataAndDimensions(b, len(b))); err != nil {
				return err
			}
		}
	}
	net := l.cfg.Net.withDefaults()
	dn, dr := deriveWeights(*back)
	g, err := genotype.DeriveCNNWeights(dn, dr, net.Steps, net.Multiplier)
	if err != nil {
		return err
	}
	stop.Genotype = g.String()
	if err := l.dir.WriteGenotype(g); err != nil {
		return err
	}
	if err := l.dir.WriteJSON(EarlyStopFile, stop.shifted(l.base)); err != nil {
		return err
	}
	if l.opts.Progress != nil {
		fmt.Fprintf(l.opts.Progress, "stopped after epoch %d: %s; returning epoch %d's α\n", stop.Epoch+1, stop.Reason, stop.ReturnedEpoch+1)
	}
	return errStoppedEarly
}

// setAlphaWeights sets α to log w for op weights w (rows of softmax(α)), which gives back those
// weights: softmax is unchanged by a constant added to a row.
func (s *Searcher) setAlphaWeights(normal, reduce [][]float64) error {
	nv, rv := s.Net.Alphas(s.Ctx)
	for _, p := range []struct {
		w [][]float64
		v interface{ SetValue(*tensors.Tensor) error }
	}{{normal, nv}, {reduce, rv}} {
		if len(p.w) == 0 {
			return fmt.Errorf("search: setting α: no weights")
		}
		flat := make([]float32, 0, len(p.w)*len(p.w[0]))
		for _, row := range p.w {
			for _, x := range row {
				flat = append(flat, float32(math.Log(max(x, 1e-30)))) // a weight that underflowed to 0 stays finite
			}
		}
		if err := p.v.SetValue(tensors.FromFlatDataAndDimensions(flat, len(p.w), len(p.w[0]))); err != nil {
			return err
		}
	}
	return nil
}
