package viz

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"gonum.org/v1/plot/vg/draw"
)

// TestCellLabelsClear draws cells as a figure does (CellFigure.Draw on a canvas that records what
// is drawn, through the margin PNG and SVG add) and checks, in the canvas's own coordinates and
// with the font sizes the text is drawn at, that every op label (its white box and its text)
// touches no other edge's stroked line (each segment, at its line width), no arrowhead (its own
// included), no node box and no other label, and that its text lies inside its white box.
// The cells: every built-in genotype (normal and reduction, and the recurrent ones) and random
// cells as the random baselines draw them, on the canvases the notebooks and `darts plot cell`
// use.
func TestCellLabelsClear(t *testing.T) {
	type cell struct {
		name string
		d    *CellDiagram
	}
	var cells []cell
	add := func(name string, d *CellDiagram, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cells = append(cells, cell{name, d})
	}
	for _, name := range genotype.CNNNames() {
		g, _ := genotype.Lookup(name)
		n, err := NormalCell(g)
		add(name+" normal", n, err)
		r, err := ReduceCell(g)
		add(name+" reduce", r, err)
	}
	for _, name := range genotype.RecurrentNames() {
		r, _ := genotype.LookupRecurrent(name)
		d, err := RecurrentCell(r)
		add(name+" recurrent", d, err)
	}
	for _, g := range testRandomGenotypes() {
		n, err := NormalCell(g.g)
		add(g.name+" normal", n, err)
		r, err := ReduceCell(g.g)
		add(g.name+" reduce", r, err)
	}
	failed, drawings := 0, 0
	for _, c := range cells {
		f := Cell(c.d)
		// The notebooks' 8×3.2 and 8×3.5 inches, and `darts plot cell`'s width at 3.5 inches.
		sizes := [][2]float64{{8, 3.2}, {8, 3.5}}
		if w := f.Width(8, 3.5); w > 8 {
			sizes = append(sizes, [2]float64{w, 3.5})
		}
		for _, size := range sizes {
			problems, pt := labelClashes(t, f, size[0], size[1])
			drawings++
			t.Logf("label size %s at %.1f×%.1f in: %.2f pt", c.name, size[0], size[1], pt)
			if len(problems) > 0 {
				failed++
				for _, p := range problems {
					t.Errorf("%s at %.1f×%.1f in: %s", c.name, size[0], size[1], p)
				}
			}
		}
	}
	t.Logf("%d cells, %d drawings, %d with a label on something else", len(cells), drawings, failed)
}

type namedGenotype struct {
	name string
	g    genotype.Genotype
}

// testRandomGenotypes are the random cells of train.CompareRandom (its PCG stream 0xc0; seed 7 is
// the tour's) and of `darts select -random` (stream 0x5a4d) for a few seeds.
func testRandomGenotypes() []namedGenotype {
	var out []namedGenotype
	for _, stream := range []uint64{0xc0, 0x5a4d} {
		for seed := range uint64(8) {
			rng := rand.New(rand.NewPCG(seed, stream))
			for i := range 3 {
				out = append(out, namedGenotype{fmt.Sprintf("random(seed %d, stream %#x, #%d)", seed, stream, i), genotype.RandomCNN(rng, 4)})
			}
		}
	}
	return out
}

// labelClashes draws f on a widthIn×heightIn-inch recording canvas and returns what each op
// label touches, and the size the labels are drawn at (points).
func labelClashes(t *testing.T, f CellFigure, widthIn, heightIn float64) (problems []string, labelSize float64) {
	t.Helper()
	rec := &drawRecorder{w: inches(widthIn), h: inches(heightIn), width: 1}
	f.Draw(withMargin(draw.New(rec)))
	if rec.transformed {
		t.Fatal("the cell figure transforms the canvas; the recorder does not follow transforms")
	}
	drawn, err := parseCellDrawing(f.Diagram, rec.ops)
	if err != nil {
		t.Fatal(err)
	}
	d := f.Diagram
	for i, l := range drawn.labels {
		k := l.edge
		name := fmt.Sprintf("label %q (%s → %s)", d.Edges[k].Op, d.Nodes[d.Edges[k].From].Label, d.Nodes[d.Edges[k].To].Label)
		if l.text.Min.X < l.box.Min.X-0.25 || l.text.Max.X > l.box.Max.X+0.25 ||
			l.text.Min.Y < l.box.Min.Y-0.25 || l.text.Max.Y > l.box.Max.Y+0.25 {
			problems = append(problems, fmt.Sprintf("%s: text %v outside its box %v", name, l.text, l.box))
		}
		box := l.box.union(l.text)
		for _, a := range drawn.arrows {
			other := d.Edges[a.edge]
			oname := fmt.Sprintf("%s → %s (%s)", d.Nodes[other.From].Label, d.Nodes[other.To].Label, other.Op)
			if a.edge != k && segmentsTouch(a.line, box, a.width/2) {
				problems = append(problems, fmt.Sprintf("%s covers edge %s", name, oname))
			}
			if polygonTouches(a.head, box) {
				problems = append(problems, fmt.Sprintf("%s covers the arrowhead of %s", name, oname))
			}
		}
		for _, n := range drawn.nodes {
			if box.Overlaps(n.box, n.outline/2) {
				problems = append(problems, fmt.Sprintf("%s covers node %s", name, d.Nodes[n.node].Label))
			}
		}
		for _, o := range drawn.labels[:i] {
			if box.Overlaps(o.box.union(o.text), 0) {
				problems = append(problems, fmt.Sprintf("%s overlaps label %q", name, d.Edges[o.edge].Op))
			}
		}
		if c := rec.canvas(); !c.Contains(box.Min) || !c.Contains(box.Max) {
			problems = append(problems, fmt.Sprintf("%s: outside the canvas", name))
		}
		labelSize = l.size
	}
	return problems, labelSize
}
