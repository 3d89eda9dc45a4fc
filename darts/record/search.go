package record

import "fmt"

// SearchEpoch is one line of a search's metrics.jsonl: an epoch's training and evaluation.
type SearchEpoch struct {
	Epoch     int     `json:"epoch"`
	Steps     int     `json:"steps"`
	LR        float64 `json:"lr"`
	TrainLoss float64 `json:"train_loss"`
	TrainAcc  float64 `json:"train_acc"`
	ArchLoss  float64 `json:"arch_loss"` // validation loss seen by the α steps (training mode)
	ValLoss   float64 `json:"val_loss"`  // evaluation mode, EvalBatches batches
	ValAcc    float64 `json:"val_acc"`
	Genotype  string  `json:"genotype"` // derived from α after the epoch
	// StartGenotype is derived from α before the epoch's first step: what train_search.py logs for
	// the epoch, so the last epoch's is the reference's "final" genotype (after Epochs−1 epochs of
	// α steps). Genotype of the last epoch, which genotype.json holds, has all of them.
	StartGenotype string  `json:"start_genotype,omitempty"`
	Seconds       float64 `json:"seconds"`
	// NormalSkips is the number of skip connections in the derived normal cell (Genotype).
	NormalSkips int `json:"normal_skips"`
	// HessianEigenvalue is the largest eigenvalue of the Hessian of the validation loss with
	// respect to α after the epoch (only on epochs that measured it), from HessianProducts
	// Hessian-vector products in HessianSeconds (not part of Seconds).
	HessianEigenvalue *float64 `json:"hessian_eigenvalue,omitempty"`
	HessianProducts   int      `json:"hessian_products,omitempty"`
	HessianSeconds    float64  `json:"hessian_seconds,omitempty"`
}

// Alphas is one line of a search's alphas.jsonl: softmax(α) after the epoch, one [edge][op]
// matrix per cell type, its columns named by Primitives.
type Alphas struct {
	Epoch      int         `json:"epoch"`
	Primitives []string    `json:"primitives"`
	Normal     [][]float64 `json:"normal"`
	Reduce     [][]float64 `json:"reduce"`
	// EdgeNormal and EdgeReduce are PC-DARTS's edge weights (softmax of β over each node's
	// incoming edges), one per edge, when the search normalises edges; the derivation ranks
	// Normal[e][op]·EdgeNormal[e].
	EdgeNormal []float64 `json:"edge_normal,omitempty"`
	EdgeReduce []float64 `json:"edge_reduce,omitempty"`
}

// Cell picks the normal or reduce matrix of a record by name.
func (a Alphas) Cell(name string) ([][]float64, error) {
	switch name {
	case "normal":
		return a.Normal, nil
	case "reduce":
		return a.Reduce, nil
	}
	return nil, fmt.Errorf(`search: cell %q, want "normal" or "reduce"`, name)
}

// Summary is the epoch's metrics on one line, e.g. for OnEpoch:
//
//	epoch 3/6: lr 0.0130  train loss 2.2561 acc 15.0%  α-step loss 2.2871  eval loss 2.2702 acc 18.8%  6.1s
//
// The α-step loss is "-" in simultaneous mode, which has no separate α step. An epoch that
// measured the Hessian's eigenvalue adds it and the derived normal cell's skip connections:
// "  λ_max 0.635 (8 products, 7.8s)  normal skips 1".
func (e SearchEpoch) Summary(epochs int) string {
	arch := fmt.Sprintf("%.4f", e.ArchLoss)
	if e.ArchLoss == 0 {
		arch = "-"
	}
	s := fmt.Sprintf("epoch %d/%d: lr %.4f  train loss %.4f acc %.1f%%  α-step loss %s  eval loss %.4f acc %.1f%%  %.1fs",
		e.Epoch+1, epochs, e.LR, e.TrainLoss, 100*e.TrainAcc, arch, e.ValLoss, 100*e.ValAcc, e.Seconds)
	if e.HessianEigenvalue != nil {
		s += fmt.Sprintf("  λ_max %.3g (%d products, %.1fs)  normal skips %d", *e.HessianEigenvalue, e.HessianProducts, e.HessianSeconds, e.NormalSkips)
	}
	return s
}

// EpochField gives run.AppendEpoch and run.ReadEpochFile the record's epoch (from 0 in Go; from
// the run's epoch base in metrics.jsonl).
func (e *SearchEpoch) EpochField() *int { return &e.Epoch }

// EpochField gives run.AppendEpoch and run.ReadEpochFile the record's epoch (from 0 in Go; from
// the run's epoch base in alphas.jsonl).
func (a *Alphas) EpochField() *int { return &a.Epoch }
