package record

import (
	"fmt"
	"math"
	"strings"

	"github.com/dartsml/godarts/darts/genotype"
)

// CellPair holds one [edge][op] matrix per cell type: α, a gradient with respect to α, or
// softmax(α).
type CellPair struct {
	Normal, Reduce [][]float64
}

// OpenStep is one search step taken apart (search.Searcher.OpenStep): the α step's gradients of both
// orders and the pieces of the second-order one, the α it produced, then the weight step.
// The α step used First (Order 1) or Second (Order 2); Second = Unrolled + Implicit.
type OpenStep struct {
	Order int     // the order the searcher's step uses
	Xi    float64 // ξ of the virtual step w′ = w − ξ·(…): the weight learning rate
	// Radius is the finite-difference radius R = 0.01/VNorm of eq. 8; VNorm = ‖∇w′ L_val(w′, α)‖,
	// the length of the vector the Hessian is multiplied with.
	Radius, VNorm float64

	AlphaBefore, AlphaAfter CellPair // α (logits), before and after the α step
	// SoftmaxBefore and SoftmaxAfter are softmax(α) per edge, the op weights the network mixes with.
	SoftmaxBefore, SoftmaxAfter CellPair

	ValLoss        float64  // L_val(w, α) on the validation batch
	VirtualValLoss float64  // L_val(w′, α), after the virtual weight step
	First          CellPair // ∇α L_val(w, α): the first-order gradient
	Unrolled       CellPair // ∇α L_val(w′, α): the same gradient at the virtual weights
	Implicit       CellPair // −ξ·(∇α L_train(w⁺, α) − ∇α L_train(w⁻, α))/2R: eq. 8's term
	Second         CellPair // Unrolled + Implicit: the second-order gradient
	Difference     CellPair // Second − First: all that the second order changes

	// The weight step (at the new α): the training loss on the training batch before and after it
	// (training mode, batch statistics), the weight-gradient norm before clipping, and ‖Δw‖.
	TrainLossBefore, TrainLossAfter float64
	WeightGradNorm                  float64
	WeightUpdateNorm                float64
	WeightLR                        float64
}

// Used is the gradient the α step took: First or Second by Order.
func (o *OpenStep) Used() CellPair {
	if o.Order == 2 {
		return o.Second
	}
	return o.First
}

// Minus is p − q, entry by entry (matrices of the same shape).
func (p CellPair) Minus(q CellPair) CellPair {
	return CellPair{Normal: subMatrix(p.Normal, q.Normal), Reduce: subMatrix(p.Reduce, q.Reduce)}
}

// Summary is the step in a few lines: the α step's gradients and their sizes (Frobenius norms
// over both cells), ξ and R, the α change, then the weight step.
func (o *OpenStep) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "α step (order %d used): L_val(w, α) = %.4f, L_val(w′, α) = %.4f after the virtual step\n", o.Order, o.ValLoss, o.VirtualValLoss)
	fmt.Fprintf(&b, "  ξ = %.4g (the weight learning rate), R = 0.01/‖∇w′L_val‖ = 0.01/%.4g = %.4g\n", o.Xi, o.VNorm, o.Radius)
	for _, g := range []struct {
		name string
		p    CellPair
	}{{"first order   ∇α L_val(w, α)", o.First}, {"at w′         ∇α L_val(w′, α)", o.Unrolled},
		{"implicit      −ξ·∇²L_train·v", o.Implicit}, {"second order  (the two above)", o.Second},
		{"second − first", o.Difference}} {
		fmt.Fprintf(&b, "  ‖%-30s‖ = %.4g\n", g.name, pairNorm(g.p))
	}
	fmt.Fprintf(&b, "  cosine(first, second) = %.4f\n", pairCosine(o.First, o.Second))
	dAlpha := o.AlphaAfter.Minus(o.AlphaBefore)
	fmt.Fprintf(&b, "  α moved by ‖Δα‖ = %.4g (largest entry %.4g)\n", pairNorm(dAlpha), math.Max(maxAbsEntry(dAlpha.Normal), maxAbsEntry(dAlpha.Reduce)))
	fmt.Fprintf(&b, "weight step (lr %.4g, new α): L_train %.4f → %.4f, ‖∇w L_train‖ = %.4g before clipping, ‖Δw‖ = %.4g\n",
		o.WeightLR, o.TrainLossBefore, o.TrainLossAfter, o.WeightGradNorm, o.WeightUpdateNorm)
	return b.String()
}

// EdgeTable lists, for one edge of a cell ("normal" or "reduce"; edges numbered as in
// alphas.jsonl), every op's α before, both gradients and the implicit term, α after, and
// p = softmax(α) before and after. primitives names the columns (nil: the CNN search space).
func (o *OpenStep) EdgeTable(cell string, edge int, primitives []string) (string, error) {
	pick := func(p CellPair) [][]float64 {
		if cell == "reduce" {
			return p.Reduce
		}
		return p.Normal
	}
	if cell != "normal" && cell != "reduce" {
		return "", fmt.Errorf("record: EdgeTable: cell %q, want normal or reduce", cell)
	}
	rows := pick(o.AlphaBefore)
	if edge < 0 || edge >= len(rows) {
		return "", fmt.Errorf("record: EdgeTable: edge %d, the %s cell has %d", edge, cell, len(rows))
	}
	if primitives == nil {
		primitives = genotype.CNNPrimitives
	}
	if len(primitives) != len(rows[edge]) {
		return "", fmt.Errorf("record: EdgeTable: %d primitives for %d columns", len(primitives), len(rows[edge]))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-13s %9s %10s %10s %10s %10s %9s %8s %8s\n", "op", "α before", "first", "at w′", "implicit", "second", "α after", "p before", "p after")
	for j, op := range primitives {
		fmt.Fprintf(&b, "%-13s %9.5f %10.3e %10.3e %10.3e %10.3e %9.5f %8.4f %8.4f\n", op,
			rows[edge][j], pick(o.First)[edge][j], pick(o.Unrolled)[edge][j], pick(o.Implicit)[edge][j],
			pick(o.Second)[edge][j], pick(o.AlphaAfter)[edge][j], pick(o.SoftmaxBefore)[edge][j], pick(o.SoftmaxAfter)[edge][j])
	}
	return b.String(), nil
}

func pairNorm(p CellPair) float64 {
	sum := 0.0
	for _, m := range [][][]float64{p.Normal, p.Reduce} {
		for _, row := range m {
			for _, v := range row {
				sum += v * v
			}
		}
	}
	return math.Sqrt(sum)
}

func pairCosine(a, b CellPair) float64 {
	dot := 0.0
	for k, m := range [][][]float64{a.Normal, a.Reduce} {
		o := [][][]float64{b.Normal, b.Reduce}[k]
		for i, row := range m {
			for j, v := range row {
				dot += v * o[i][j]
			}
		}
	}
	return dot / (pairNorm(a) * pairNorm(b))
}

func maxAbsEntry(m [][]float64) float64 {
	d := 0.0
	for _, row := range m {
		for _, v := range row {
			d = math.Max(d, math.Abs(v))
		}
	}
	return d
}

func subMatrix(a, b [][]float64) [][]float64 {
	out := make([][]float64, len(a))
	for i := range a {
		out[i] = make([]float64, len(a[i]))
		for j := range a[i] {
			out[i][j] = a[i][j] - b[i][j]
		}
	}
	return out
}
