package viz

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
)

// chainGenotype's reduction cell is a chain (node i+1 fed by node i) with edges jumping over it,
// the shape a short search often derives; the old layout drew it as one line.
const chainGenotype = "Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('sep_conv_5x5', 0), " +
	"('dil_conv_3x3', 3), ('sep_conv_3x3', 2), ('avg_pool_3x3', 4), ('sep_conv_5x5', 1)], normal_concat=range(2, 6), " +
	"reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), " +
	"('max_pool_3x3', 1), ('skip_connect', 4), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))"

// TestCellFillsCanvas: laid out for a canvas, a cell uses it (its drawing has the canvas's
// proportions and the nodes spread over its height), keeps its labels at a readable scale on a
// wide canvas, no node box overlaps another, and no label sits on another edge.
func TestCellFillsCanvas(t *testing.T) {
	g, _ := genotype.Lookup("DARTS_V2")
	chain, err := genotype.Parse(chainGenotype)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := genotype.LookupRecurrent("DARTS")
	var cells []*CellDiagram
	for _, build := range []func() (*CellDiagram, error){
		func() (*CellDiagram, error) { return NormalCell(g) }, func() (*CellDiagram, error) { return ReduceCell(g) },
		func() (*CellDiagram, error) { return NormalCell(chain) }, func() (*CellDiagram, error) { return ReduceCell(chain) },
		func() (*CellDiagram, error) { return RecurrentCell(r) },
	} {
		d, err := build()
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, d)
	}
	// The tour's 8×3.2-inch canvas less the title, a square one, a narrow tall one (points).
	for _, canvas := range []Point{{568, 200}, {420, 420}, {300, 500}} {
		for _, d0 := range cells {
			d, err := d0.Fit(canvas.X, canvas.Y)
			if err != nil {
				t.Fatalf("%s at %v: %v", d0.Title, canvas, err)
			}
			checkLayout(t, d)
			w, h := d.Bounds.Max.X-d.Bounds.Min.X, d.Bounds.Max.Y-d.Bounds.Min.Y
			scale := math.Min(canvas.X/w, canvas.Y/h)
			if fill := (w * h * scale * scale) / (canvas.X * canvas.Y); fill < 0.85 {
				t.Errorf("%s at %v: the drawing fills %.0f%% of the canvas (%.0f×%.0f at scale %.2f)", d.Title, canvas, 100*fill, w, h, scale)
			}
			// On a wide canvas (the tour's) labels keep most of their 9 pt; a DAG 6 layers deep in a
			// square or tall canvas must shrink.
			if minScale := map[bool]float64{true: 0.8, false: 0.7}[d.Title != "Recurrent cell"]; canvas.X > 2*canvas.Y && scale < minScale {
				t.Errorf("%s at %v: drawn at scale %.2f: labels %.1f pt", d.Title, canvas, scale, scale*cellLabelFont)
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for i, n := range d.Nodes {
				lo, hi = math.Min(lo, n.Box.Center().Y), math.Max(hi, n.Box.Center().Y)
				for j := range i {
					if n.Box.Overlaps(d.Nodes[j].Box, 2) {
						t.Errorf("%s at %v: nodes %s and %s overlap", d.Title, canvas, n.Label, d.Nodes[j].Label)
					}
				}
			}
			if spread := (hi - lo) / h; spread < 0.4 {
				t.Errorf("%s at %v: node centres span %.0f%% of the height: flattened", d.Title, canvas, 100*spread)
			}
			onEdges := 0
			for k, e := range d.Edges {
				if e.Op != "" && crossings(d, k, e.Label) > 0 {
					onEdges++
				}
			}
			if onEdges > 0 {
				t.Errorf("%s at %v: %d labels sit on other edges", d.Title, canvas, onEdges)
			}
			t.Logf("%-15s %v: scale %.2f, %d labels on other edges", d.Title, canvas, scale, onEdges)
		}
	}
}
