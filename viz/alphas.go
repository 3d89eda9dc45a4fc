package viz

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/record"
	"github.com/dartsml/godarts/darts/run"
)

// CellKind names the cell an α matrix belongs to.
type CellKind string

const (
	CellNormal    CellKind = "normal"
	CellReduce    CellKind = "reduce"
	CellRecurrent CellKind = "recurrent"
)

// AlphaMatrix is softmax(α) of one cell after one epoch: a row per edge (node by node, inputs in
// state order, as the search writes them) and a column per primitive. Epoch counts from 0, as the
// records ReadAlphas returns (alphas.jsonl counts from the run's epoch base: 1 in new runs);
// figures and messages show Epoch+1, the number the search printed.
type AlphaMatrix struct {
	Epoch      int
	Cell       CellKind
	Primitives []string
	Weights    [][]float64
	// EdgeWeights are PC-DARTS's edge weights (softmax(β) per node, one per row) of a search with
	// edge normalisation, nil otherwise: the derivation, and so the marked choices, rank each row
	// times its edge weight.
	EdgeWeights []float64
}

// CellAlphas returns the normal and reduction matrices of one alphas.jsonl record.
func CellAlphas(rec record.Alphas) (normal, reduce AlphaMatrix) {
	return AlphaMatrix{Epoch: rec.Epoch, Cell: CellNormal, Primitives: rec.Primitives, Weights: rec.Normal, EdgeWeights: rec.EdgeNormal},
		AlphaMatrix{Epoch: rec.Epoch, Cell: CellReduce, Primitives: rec.Primitives, Weights: rec.Reduce, EdgeWeights: rec.EdgeReduce}
}

// CellHistory picks one cell's matrices out of a search's α history.
func CellHistory(history []record.Alphas, cell CellKind) ([]AlphaMatrix, error) {
	if cell != CellNormal && cell != CellReduce {
		return nil, fmt.Errorf("viz: a CNN α history has normal and reduce cells, not %q", cell)
	}
	out := make([]AlphaMatrix, len(history))
	for i, rec := range history {
		n, r := CellAlphas(rec)
		out[i] = n
		if cell == CellReduce {
			out[i] = r
		}
	}
	return out, nil
}

// ReadAlphas reads the α history (alphas.jsonl) of a run directory, epochs counted from 0
// whatever the run's epoch base (run.ReadEpochFile).
func ReadAlphas(runDir string) ([]record.Alphas, error) {
	history, err := run.ReadEpochFile[record.Alphas](runDir, run.AlphasFile)
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	if len(history) == 0 {
		return nil, fmt.Errorf("viz: %s has no α records", (&run.Dir{Path: runDir}).File(run.AlphasFile))
	}
	return history, nil
}

var errEmptyHistory = errors.New("viz: empty α history (no epochs)")

// check reports a matrix that cannot be drawn: no rows, ragged rows, a row count that is no
// cell's, a primitive without a style, or a weight outside [0, 1].
func (m AlphaMatrix) check() error {
	if len(m.Weights) == 0 {
		return fmt.Errorf("viz: %s α (epoch %d) has no rows", m.Cell, m.Epoch+1)
	}
	if len(m.Primitives) == 0 {
		return fmt.Errorf("viz: %s α (epoch %d) names no primitives", m.Cell, m.Epoch+1)
	}
	for _, op := range m.Primitives {
		if _, err := StyleOf(op); err != nil {
			return fmt.Errorf("viz: %s α: %w", m.Cell, err)
		}
	}
	for i, row := range m.Weights {
		if len(row) != len(m.Primitives) {
			return fmt.Errorf("viz: %s α (epoch %d) row %d has %d weights, want %d (one per primitive): ragged rows",
				m.Cell, m.Epoch+1, i, len(row), len(m.Primitives))
		}
		for j, v := range row {
			if math.IsNaN(v) || v < -1e-6 || v > 1+1e-6 {
				return fmt.Errorf("viz: %s α (epoch %d) [%d][%d] = %v, want a softmax weight in [0, 1]", m.Cell, m.Epoch+1, i, j, v)
			}
		}
	}
	if _, err := m.steps(); err != nil {
		return err
	}
	return nil
}

// steps is the number of nodes the row count implies: n(n+3)/2 rows for a CNN cell (node i has
// i+2 inputs), n(n+1)/2 for a recurrent one (node i has i+1).
func (m AlphaMatrix) steps() (int, error) {
	rows := len(m.Weights)
	for n := 1; n <= rows; n++ {
		if m.Cell == CellRecurrent && n*(n+1)/2 == rows || m.Cell != CellRecurrent && n*(n+3)/2 == rows {
			return n, nil
		}
	}
	if m.Cell == CellRecurrent {
		return 0, fmt.Errorf("viz: recurrent α has %d rows; n nodes have n(n+1)/2 edges (1, 3, 6, 10, ..., 36)", rows)
	}
	return 0, fmt.Errorf("viz: %s α has %d rows; a CNN cell of n nodes has n(n+3)/2 edges (2, 5, 9, 14, ...)", m.Cell, rows)
}

// EdgeName is how figures name an edge: "c_{k-1}→0" in a CNN cell, "1→3" in a recurrent one.
type EdgeName struct {
	From, To string
	Node     int // the index of the node the edge leads into
	Input    int // the state it comes from
}

func (e EdgeName) String() string { return e.From + "→" + e.To }

// edgeNames names the rows of m.
func (m AlphaMatrix) edgeNames() ([]EdgeName, error) {
	steps, err := m.steps()
	if err != nil {
		return nil, err
	}
	var names []EdgeName
	for node := range steps {
		if m.Cell == CellRecurrent {
			for j := 0; j <= node; j++ {
				names = append(names, EdgeName{From: strconv.Itoa(j), To: strconv.Itoa(node + 1), Node: node, Input: j})
			}
			continue
		}
		for j := 0; j < node+2; j++ {
			from := []string{"c_{k-2}", "c_{k-1}"}[min(j, 1)]
			if j >= 2 {
				from = strconv.Itoa(j - 2)
			}
			names = append(names, EdgeName{From: from, To: strconv.Itoa(node), Node: node, Input: j})
		}
	}
	return names, nil
}

// choices returns, for every row of m, the column of the op the derived genotype keeps on that
// edge, or -1 for an edge it drops: the genotype package's derivation of the matrix as it is
// (times its edge weights, if any), or for a recurrent cell fed log(softmax), whose softmax is
// the matrix itself. It needs the search spaces' primitive order.
func (m AlphaMatrix) choices() ([]int, error) {
	steps, err := m.steps()
	if err != nil {
		return nil, err
	}
	logits := logOf(m.Weights)
	out := make([]int, len(m.Weights))
	for i := range out {
		out[i] = -1
	}
	names, _ := m.edgeNames()
	mark := func(edges []genotype.Edge, nodeOf func(k int) int, prims []string) {
		for k, e := range edges {
			for r, n := range names {
				if n.Node == nodeOf(k) && n.Input == e.From {
					out[r] = index(prims, e.Op)
				}
			}
		}
	}
	if m.Cell == CellRecurrent {
		if !sameOps(m.Primitives, genotype.RNNPrimitives) {
			return nil, fmt.Errorf("viz: recurrent α columns %v are not the search space %v", m.Primitives, genotype.RNNPrimitives)
		}
		r, err := genotype.DeriveRecurrent(logits, steps)
		if err != nil {
			return nil, fmt.Errorf("viz: %w", err)
		}
		mark(r.Edges, func(k int) int { return k }, genotype.RNNPrimitives)
		return out, nil
	}
	if !sameOps(m.Primitives, genotype.CNNPrimitives) {
		return nil, fmt.Errorf("viz: %s α columns %v are not the search space %v", m.Cell, m.Primitives, genotype.CNNPrimitives)
	}
	w, err := edgeWeighted(m.Weights, m.EdgeWeights)
	if err != nil {
		return nil, err
	}
	g, err := genotype.DeriveCNNWeights(w, w, steps, steps)
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	mark(g.Normal, func(k int) int { return k / 2 }, genotype.CNNPrimitives)
	return out, nil
}

func index(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func sameOps(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkHistory checks every matrix and that all have the shape of the first.
func checkHistory(history []AlphaMatrix) error {
	if len(history) == 0 {
		return errEmptyHistory
	}
	for _, m := range history {
		if err := m.check(); err != nil {
			return err
		}
		if len(m.Weights) != len(history[0].Weights) || !sameOps(m.Primitives, history[0].Primitives) {
			return fmt.Errorf("viz: %s α of epoch %d has %d rows × %v, but epoch %d has %d rows × %v",
				m.Cell, m.Epoch+1, len(m.Weights), m.Primitives, history[0].Epoch+1, len(history[0].Weights), history[0].Primitives)
		}
	}
	return nil
}
