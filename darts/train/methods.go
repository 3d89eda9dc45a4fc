package train

import (
	"fmt"
	"math"
	"strings"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/gomlx/gomlx/backends"
)

// Beyond DARTS (notebook 08) compares the cells of three search methods on one budget: plain
// DARTS, DARTS-ES (Zela et al., ICLR 2020: the same search stopped when the Hessian's dominant
// eigenvalue rises) and PC-DARTS (Xu et al., ICLR 2020), each cell trained briefly the same way.

// MethodCell is the cell one search method gave, and the search behind it.
type MethodCell struct {
	Method   string // "DARTS", "DARTS-ES", "PC-DARTS"
	Search   string // the search's run folder
	Epoch    int    // the search epoch (from 1) whose α gave the cell
	Ran      int    // the epochs the method searched (DARTS-ES: up to its stop)
	Genotype genotype.Genotype
	// NormalSkips is the number of skip connections in the cell's normal cell.
	NormalSkips int
	// EigenFirst and EigenLast are λ_max of ∇²α L_val at the first and the last epoch that
	// measured it within the Ran epochs (NaN when none did).
	EigenFirst, EigenLast float64
	Note                  string // how the cell was chosen, e.g. DARTS-ES's reason
}

// MethodCells reads the cells of the three methods: DARTS, the cell of the search in dartsDir
// (its genotype.json); DARTS-ES, rule replayed on that search's eigenvalues
// (search.History.EarlyStopReplay: a live DARTS-ES run would have followed the same search up to
// its stop), or DARTS's own cell when the rule never fires; PC-DARTS, the cell of the search in
// pcDir.
func MethodCells(dartsDir, pcDir string, rule search.EarlyStopRule) ([]MethodCell, error) {
	d, err := search.LoadHistory(dartsDir)
	if err != nil {
		return nil, err
	}
	pc, err := search.LoadHistory(pcDir)
	if err != nil {
		return nil, err
	}
	last := func(h *search.History) int { return h.Alphas[len(h.Alphas)-1].Epoch + 1 }
	cells := []MethodCell{
		methodCell("DARTS", d, d.Genotype, last(d), len(d.Epochs), "the search's final cell"),
	}
	stop, g, ok, err := d.EarlyStopReplay(rule)
	if err != nil {
		return nil, err
	}
	if ok {
		cells = append(cells, methodCell("DARTS-ES", d, g, stop.ReturnedEpoch+1, stop.Epoch+1,
			fmt.Sprintf("stopped after epoch %d: %s; returns epoch %d's cell", stop.Epoch+1, stop.Reason, stop.ReturnedEpoch+1)))
	} else {
		cells = append(cells, methodCell("DARTS-ES", d, d.Genotype, last(d), len(d.Epochs),
			fmt.Sprintf("DARTS-ES (k=%d, T=%g) never stopped in %d epochs: DARTS's cell", rule.Window, rule.Threshold, len(d.Epochs))))
	}
	cells = append(cells, methodCell("PC-DARTS", pc, pc.Genotype, last(pc), len(pc.Epochs), "the search's final cell"))
	return cells, nil
}

func methodCell(method string, h *search.History, g genotype.Genotype, epoch, ran int, note string) MethodCell {
	c := MethodCell{Method: method, Search: h.Dir, Epoch: epoch, Ran: ran, Genotype: g, Note: note,
		NormalSkips: search.CountOps(g.Normal, "skip_connect"), EigenFirst: math.NaN(), EigenLast: math.NaN()}
	epochs, values := h.Eigenvalues()
	for i, e := range epochs {
		if int(e) > ran {
			break
		}
		if i == 0 {
			c.EigenFirst = values[i]
		}
		c.EigenLast = values[i]
	}
	return c
}

// MethodResult is a method's cell after its brief training.
type MethodResult struct {
	MethodCell
	ValAcc float64 // accuracy on the training data's held-out half after the brief training
	Budget string  // the brief training (BudgetOf)
	Dir    string  // the training's run folder
}

// CompareMethods trains every cell briefly with cfg (its genotype swapped in) on the data newData
// makes (a training half and a held-out half: ValidationData), with Select's machinery (a
// sub-folder of dir each; an interrupted comparison continues), and returns the accuracies. A
// genotype that two methods share (DARTS-ES that never stopped) is trained once: the training is
// deterministic, so a second one would only repeat it.
func CompareMethods(b backends.Backend, cfg Config, cells []MethodCell, newData func() (Data, error), dir *run.Dir, opts Options) ([]MethodResult, error) {
	var cands []Candidate
	index := make([]int, len(cells)) // cells[i] trains as cands[index[i]]
	seen := map[string]int{}
	for i, c := range cells {
		repr := c.Genotype.String()
		j, ok := seen[repr]
		if !ok {
			j = len(cands)
			seen[repr] = j
			cands = append(cands, Candidate{Name: c.Method, Genotype: c.Genotype, Repr: repr})
		}
		index[i] = j
	}
	results, _, err := Select(b, cfg, cands, newData, dir, opts)
	if err != nil {
		return nil, err
	}
	out := make([]MethodResult, len(cells))
	for i, c := range cells {
		r := results[index[i]]
		if r.Repr != cands[index[i]].Repr {
			return nil, fmt.Errorf("train: CompareMethods: %s holds %s as cell %d, not %s: a different comparison",
				dir.File(SelectionFile), r.Repr, index[i], cands[index[i]].Repr)
		}
		out[i] = MethodResult{MethodCell: c, ValAcc: r.ValAcc, Budget: BudgetOf(cfg), Dir: CandidateDir(dir, index[i])}
	}
	return out, nil
}

// MethodTable is the comparison as a text table: per method, the epoch its cell comes from and
// the epochs searched, the normal cell's skip connections, λ_max at the first and last measured
// epoch, and the accuracy after the brief training.
func MethodTable(rs []MethodResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-9s %10s %9s %11s %17s %9s\n", "method", "cell from", "searched", "normal skips", "λ_max first→last", "val acc")
	eig := func(x float64) string {
		if math.IsNaN(x) {
			return "-"
		}
		return fmt.Sprintf("%.3g", x)
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "%-9s %10s %9s %11d/8 %17s %8.1f%%\n", r.Method, fmt.Sprintf("epoch %d", r.Epoch),
			fmt.Sprintf("%d epochs", r.Ran), r.NormalSkips, eig(r.EigenFirst)+" → "+eig(r.EigenLast), 100*r.ValAcc)
	}
	return b.String()
}
