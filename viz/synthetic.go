package viz

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/record"
	"github.com/dartsml/godarts/darts/run"
)

// SyntheticHistory makes a made-up α history of a 4-node CNN search over epochs epochs, for
// examples, tests and notebooks that have no real run: the weights start near uniform, the
// convolutions win some edges, and skip_connect slowly takes over others, the drift the DARTS
// literature reports for long searches. seed fixes the noise.
func SyntheticHistory(epochs int, seed uint64) []record.Alphas {
	const steps = 4
	rows := steps * (steps + 3) / 2
	rng := rand.New(rand.NewPCG(seed, 1))
	prims := genotype.CNNPrimitives
	// Each edge drifts towards one op at its own speed; skip_connect gets a third of the edges.
	type drift struct {
		op    int
		speed float64
	}
	cell := func() []drift {
		d := make([]drift, rows)
		for i := range d {
			d[i] = drift{op: 1 + rng.IntN(len(prims)-1), speed: 0.5 + rng.Float64()}
			if i%3 == 1 {
				d[i].op = 3 // skip_connect
			}
		}
		return d
	}
	normal, reduce := cell(), cell()
	noise := func() float64 { return 0.08 * rng.NormFloat64() }
	weights := func(d []drift, t float64) [][]float64 {
		out := make([][]float64, rows)
		for i := range out {
			logits := make([]float64, len(prims))
			for k := range logits {
				logits[k] = 1e-3*float64(k) + noise()
			}
			logits[d[i].op] += 2.2 * d[i].speed * t
			logits[0] -= 0.8 * t // none fades
			out[i] = genotype.Softmax(logits)
		}
		return out
	}
	history := make([]record.Alphas, epochs)
	for e := range history {
		t := float64(e+1) / float64(max(epochs, 1))
		history[e] = record.Alphas{Epoch: e, Primitives: prims, Normal: weights(normal, t), Reduce: weights(reduce, t)}
	}
	return history
}

// SyntheticMetrics makes made-up learning curves matching SyntheticHistory: losses falling,
// accuracies rising, validation a little worse than training.
func SyntheticMetrics(epochs int, seed uint64) []record.SearchEpoch {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([]record.SearchEpoch, epochs)
	for e := range out {
		t := float64(e) / float64(max(epochs-1, 1))
		train := 2.1*math.Exp(-2.4*t) + 0.25 + 0.03*rng.NormFloat64()
		val := train + 0.12 + 0.2*t + 0.04*rng.NormFloat64()
		out[e] = record.SearchEpoch{Epoch: e, Steps: 100, LR: 0.025 * (1 + math.Cos(math.Pi*t)) / 2,
			TrainLoss: train, ValLoss: val, ArchLoss: val,
			TrainAcc: 1 - train/2.6, ValAcc: 1 - val/2.6, Seconds: 30}
	}
	return out
}

// WriteSyntheticRun writes a run directory (metrics.jsonl, alphas.jsonl, genotype.json and
// genotype.txt of the last epoch) from SyntheticHistory and SyntheticMetrics, so the figures of
// a run can be drawn before any search has finished. Its config.json says it is synthetic.
func WriteSyntheticRun(dir string, epochs int, seed uint64) error {
	if epochs < 1 {
		return fmt.Errorf("viz: a synthetic run needs at least one epoch, got %d", epochs)
	}
	d, err := run.Create(dir)
	if err != nil {
		return err
	}
	for _, name := range []string{run.MetricsFile, run.AlphasFile} {
		if err := d.TruncateLines(name, 0); err != nil {
			return err
		}
	}
	history, metrics := SyntheticHistory(epochs, seed), SyntheticMetrics(epochs, seed)
	var g genotype.Genotype
	for e := range history {
		if g, err = DeriveFromRecord(history[e]); err != nil {
			return err
		}
		metrics[e].Genotype = g.String()
		if err := run.AppendEpoch(d, run.MetricsFile, run.EpochBase, metrics[e]); err != nil {
			return err
		}
		if err := run.AppendEpoch(d, run.AlphasFile, run.EpochBase, history[e]); err != nil {
			return err
		}
	}
	if err := d.WriteJSON(run.ConfigFile, map[string]any{run.EpochBaseKey: run.EpochBase, "synthetic": true, "note": "made up by viz.WriteSyntheticRun, not a search"}); err != nil {
		return err
	}
	if err := d.WriteJSON(run.GenotypeFile, g); err != nil {
		return err
	}
	return run.WriteFileAtomic(d.File(run.GenotypeText), []byte(g.String()+"\n"))
}

// DeriveFromRecord derives the genotype of one alphas.jsonl record as the search did: its softmax
// weights ranked as they are, each edge's row times its edge weight where the search normalised
// edges (PC-DARTS).
func DeriveFromRecord(rec record.Alphas) (genotype.Genotype, error) {
	n, r := CellAlphas(rec)
	for _, m := range []AlphaMatrix{n, r} {
		if err := m.check(); err != nil {
			return genotype.Genotype{}, err
		}
	}
	steps, _ := n.steps()
	normal, err := edgeWeighted(rec.Normal, rec.EdgeNormal)
	if err != nil {
		return genotype.Genotype{}, err
	}
	reduce, err := edgeWeighted(rec.Reduce, rec.EdgeReduce)
	if err != nil {
		return genotype.Genotype{}, err
	}
	return genotype.DeriveCNNWeights(normal, reduce, steps, steps)
}

// edgeWeighted is w in float32, row e times edge[e] when edge is given.
func edgeWeighted(w [][]float64, edge []float64) ([][]float32, error) {
	if edge != nil && len(edge) != len(w) {
		return nil, fmt.Errorf("viz: %d edge weights for %d edges", len(edge), len(w))
	}
	out := make([][]float32, len(w))
	for i, row := range w {
		out[i] = make([]float32, len(row))
		for j, v := range row {
			if edge != nil {
				v *= edge[i]
			}
			out[i][j] = float32(v)
		}
	}
	return out, nil
}

func logOf(w [][]float64) [][]float32 {
	out := make([][]float32, len(w))
	for i, row := range w {
		out[i] = make([]float32, len(row))
		for j, v := range row {
			out[i][j] = float32(math.Log(math.Max(v, 1e-30)))
		}
	}
	return out
}
