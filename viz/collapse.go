package viz

import (
	"fmt"

	"github.com/dartsml/godarts/darts/record"
)

// Collapse draws what DARTS's collapse looks like over a search (Zela et al., ICLR 2020), from
// its metrics.jsonl and alphas.jsonl records: on top, each op's softmax weight in the normal cell
// averaged over its edges; in the middle, the largest eigenvalue of the Hessian of the validation
// loss with respect to α on the epochs that measured it (search -hessian-every); below, the skip
// connections in the derived normal cell. Epochs count from 1, as the search prints them. title
// heads the figure: name the search and its scale there (a quick search's curves are not a
// paper-sized search's).
func Collapse(title string, epochs []record.SearchEpoch, alphas []record.Alphas) (Figure, error) {
	return PrintStyle.Collapse(title, epochs, alphas)
}

// Collapse is the package's Collapse in style s.
func (s Style) Collapse(title string, epochs []record.SearchEpoch, alphas []record.Alphas) (Figure, error) {
	if len(epochs) == 0 || len(alphas) == 0 {
		return nil, fmt.Errorf("viz: Collapse: %d epochs and %d α records; a finished epoch is needed", len(epochs), len(alphas))
	}
	prims := alphas[len(alphas)-1].Primitives
	ops := make([]Series, len(prims))
	for k, name := range prims {
		ops[k] = Series{Name: name}
		if st, err := StyleOf(name); err == nil { // each op in its family's colour, as every α figure
			ops[k].Color, ops[k].Dashes = st.Color, st.Dashes
		}
	}
	for _, a := range alphas {
		if len(a.Normal) == 0 || len(a.Normal[0]) != len(prims) {
			return nil, fmt.Errorf("viz: Collapse: epoch %d's normal cell has no [edge][%d ops] weights", a.Epoch+1, len(prims))
		}
		for k := range prims {
			mean := 0.0
			for _, row := range a.Normal {
				mean += row[k]
			}
			ops[k].X = append(ops[k].X, float64(a.Epoch+1))
			ops[k].Y = append(ops[k].Y, mean/float64(len(a.Normal)))
		}
	}
	top, err := s.Curves("Op weights in the normal cell (mean over edges)", "epoch", "softmax(α)", ops...)
	if err != nil {
		return nil, err
	}
	eig := Series{Name: "λ_max", Points: true}
	skips := Series{Name: "skip connections", Points: true}
	for _, e := range epochs {
		if e.HessianEigenvalue != nil {
			eig.X, eig.Y = append(eig.X, float64(e.Epoch+1)), append(eig.Y, *e.HessianEigenvalue)
		}
		skips.X, skips.Y = append(skips.X, float64(e.Epoch+1)), append(skips.Y, float64(e.NormalSkips))
	}
	panels := []Figure{top}
	if len(eig.X) > 0 {
		mid, err := s.Curves("Largest eigenvalue of the Hessian of L_val w.r.t. α", "epoch", "λ_max", eig) // the fonts lack ∇
		if err != nil {
			return nil, err
		}
		panels = append(panels, mid)
	}
	bottom, err := s.Curves("Skip connections in the derived normal cell", "epoch", "count", skips)
	if err != nil {
		return nil, err
	}
	panels = append(panels, bottom)
	return Split{Title: title, Vertical: true, Panels: panels, Gap: 10, Style: s}, nil
}
