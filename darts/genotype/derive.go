package genotype

import (
	"fmt"
	"slices"
)

// DeriveCNN turns the CNN architecture weights into a discrete genotype, exactly as the reference
// implementation's genotype(): softmax each α row in float32; for node i (edges from states
// 0..i+1, rows offset..offset+i+1) rank the incoming edges by their strongest non-none
// probability and keep the top two, strongest first (equal strengths keep the lower state first,
// as Python's stable sort does); on each kept edge take the strongest non-none op (equal
// probabilities keep the earlier primitive). Both cells concat the last multiplier nodes:
// states 2+steps-multiplier .. steps+1.
//
// normal and reduce must each have steps*(steps+3)/2 rows (one per edge, node by node, inputs in
// state order) of len(CNNPrimitives) columns.
func DeriveCNN(normal, reduce [][]float32, steps, multiplier int) (Genotype, error) {
	if err := checkCNN(normal, reduce, steps, multiplier); err != nil {
		return Genotype{}, err
	}
	return deriveCNN(softmaxRows(normal), softmaxRows(reduce), steps, multiplier), nil
}

// DeriveCNNWeights is DeriveCNN on weights that are already what the derivation ranks, taken as
// they are (no softmax): softmax(α) itself, or PC-DARTS's softmax(α) with each edge's row
// multiplied by its edge weight (its reference's genotype() ranks W[j,:]·W2[j]). Feeding such
// weights to DeriveCNN would rank their softmax instead, which orders edges differently: a row's
// softmax depends on all of its entries, not only on its largest, and scaling a row by an edge
// weight below 1 flattens its softmax towards 1/len(row).
func DeriveCNNWeights(normal, reduce [][]float32, steps, multiplier int) (Genotype, error) {
	if err := checkCNN(normal, reduce, steps, multiplier); err != nil {
		return Genotype{}, err
	}
	return deriveCNN(normal, reduce, steps, multiplier), nil
}

func checkCNN(normal, reduce [][]float32, steps, multiplier int) error {
	if steps < 1 {
		return fmt.Errorf("genotype: DeriveCNN needs steps >= 1, got %d", steps)
	}
	if multiplier < 1 || multiplier > steps {
		return fmt.Errorf("genotype: DeriveCNN needs 1 <= multiplier <= steps (%d), got %d", steps, multiplier)
	}
	// Node i has i+2 incoming edges, so the cell has 2+3+...+(steps+1) of them.
	rows := steps * (steps + 3) / 2
	if err := checkAlphaShape("normal", normal, rows, len(CNNPrimitives)); err != nil {
		return err
	}
	return checkAlphaShape("reduce", reduce, rows, len(CNNPrimitives))
}

func deriveCNN(normal, reduce [][]float32, steps, multiplier int) Genotype {
	concat := make([]int, 0, multiplier)
	for s := 2 + steps - multiplier; s < steps+2; s++ {
		concat = append(concat, s)
	}
	return Genotype{
		Normal:       deriveCNNCell(normal, steps),
		NormalConcat: concat,
		Reduce:       deriveCNNCell(reduce, steps),
		ReduceConcat: slices.Clone(concat),
	}
}

func deriveCNNCell(probs [][]float32, steps int) []Edge {
	edges := make([]Edge, 0, 2*steps)
	offset := 0
	for node := range steps {
		inputs := node + 2
		nodeRows := probs[offset : offset+inputs]
		for _, from := range strongestInputs(nodeRows, 2) {
			edges = append(edges, Edge{Op: CNNPrimitives[bestOp(nodeRows[from])], From: from})
		}
		offset += inputs
	}
	return edges
}

// DeriveRecurrent turns the recurrent architecture weights into a discrete cell, exactly as the
// reference: softmax each row in float32, and for node i (edges from states 0..i) keep the input
// whose strongest non-none probability is largest (the lower state on a tie) with that
// strongest op (the earlier primitive on a tie). The cell averages all nodes: concat 1..steps.
//
// alpha must have steps*(steps+1)/2 rows of len(RNNPrimitives) columns.
func DeriveRecurrent(alpha [][]float32, steps int) (Recurrent, error) {
	if steps < 1 {
		return Recurrent{}, fmt.Errorf("genotype: DeriveRecurrent needs steps >= 1, got %d", steps)
	}
	rows := steps * (steps + 1) / 2
	if err := checkAlphaShape("recurrent", alpha, rows, len(RNNPrimitives)); err != nil {
		return Recurrent{}, err
	}
	probs := softmaxRows(alpha)
	r := Recurrent{Edges: make([]Edge, 0, steps), Concat: make([]int, 0, steps)}
	offset := 0
	for node := range steps {
		inputs := node + 1
		nodeRows := probs[offset : offset+inputs]
		from := strongestInputs(nodeRows, 1)[0]
		r.Edges = append(r.Edges, Edge{Op: RNNPrimitives[bestOp(nodeRows[from])], From: from})
		r.Concat = append(r.Concat, node+1)
		offset += inputs
	}
	return r, nil
}

// strongestInputs returns the k inputs (row indices) whose strongest non-none probability is
// largest, strongest first. The sort is stable on the row index, reproducing Python's
// sorted(range(n), key=-strength): equal strengths keep the lower state first.
func strongestInputs(nodeRows [][]float32, k int) []int {
	order := make([]int, len(nodeRows))
	strength := make([]float32, len(nodeRows))
	for j, row := range nodeRows {
		order[j] = j
		strength[j] = row[bestOp(row)]
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case strength[a] > strength[b]:
			return -1
		case strength[a] < strength[b]:
			return 1
		}
		return 0
	})
	return order[:min(k, len(order))]
}

// bestOp returns the column of the strongest op other than none (column 0); a strictly greater
// probability is needed to replace the current best, so ties keep the earlier primitive.
func bestOp(row []float32) int {
	best := 1
	for k := 2; k < len(row); k++ {
		if row[k] > row[best] {
			best = k
		}
	}
	return best
}

// checkAlphaShape reports a matrix whose shape is not rows x cols, naming it and the first
// offending dimension.
func checkAlphaShape(name string, alpha [][]float32, rows, cols int) error {
	if len(alpha) != rows {
		return fmt.Errorf("genotype: %s alpha has %d rows, expected %d (one per edge)", name, len(alpha), rows)
	}
	for i, row := range alpha {
		if len(row) != cols {
			return fmt.Errorf("genotype: %s alpha row %d has %d columns, expected %d (one per primitive)", name, i, len(row), cols)
		}
	}
	return nil
}
