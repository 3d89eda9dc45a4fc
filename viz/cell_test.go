package viz

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
)

// edgeTriples lists a diagram's op edges as "from -op-> to".
func edgeTriples(d *CellDiagram) []string {
	var out []string
	for _, e := range d.Edges {
		out = append(out, d.Nodes[e.From].Label+" -"+e.Op+"-> "+d.Nodes[e.To].Label)
	}
	slices.Sort(out)
	return out
}

func nodeLabels(d *CellDiagram) []string {
	var out []string
	for _, n := range d.Nodes {
		out = append(out, n.Label)
	}
	return out
}

func TestDARTSV2Cells(t *testing.T) {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	normal, err := NormalCell(g)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"c_{k-2}", "c_{k-1}", "0", "1", "2", "3", "c_{k}"}; !slices.Equal(nodeLabels(normal), want) {
		t.Errorf("normal nodes %v, want %v", nodeLabels(normal), want)
	}
	want := []string{
		"0 --> c_{k}", "0 -dil_conv_3x3-> 3", "1 --> c_{k}", "2 --> c_{k}", "3 --> c_{k}",
		"c_{k-1} -sep_conv_3x3-> 0", "c_{k-1} -sep_conv_3x3-> 1", "c_{k-1} -sep_conv_3x3-> 2",
		"c_{k-2} -sep_conv_3x3-> 0", "c_{k-2} -sep_conv_3x3-> 1", "c_{k-2} -skip_connect-> 2", "c_{k-2} -skip_connect-> 3",
	}
	if got := edgeTriples(normal); !slices.Equal(got, want) {
		t.Errorf("normal edges\n%v\nwant\n%v", got, want)
	}
	// Layers: inputs, the nodes fed by inputs only, node 3 (fed by node 0), the output.
	for label, layer := range map[string]int{"c_{k-2}": 0, "c_{k-1}": 0, "0": 1, "1": 1, "2": 1, "3": 2, "c_{k}": 3} {
		if got := normal.Nodes[normal.Node(label)].Layer; got != layer {
			t.Errorf("node %s in layer %d, want %d", label, got, layer)
		}
	}
	reduce, err := ReduceCell(g)
	if err != nil {
		t.Fatal(err)
	}
	want = []string{
		"0 --> c_{k}", "0 -skip_connect-> 1", "0 -skip_connect-> 2", "0 -skip_connect-> 3",
		"1 --> c_{k}", "2 --> c_{k}", "3 --> c_{k}",
		"c_{k-1} -max_pool_3x3-> 0", "c_{k-1} -max_pool_3x3-> 1", "c_{k-1} -max_pool_3x3-> 3",
		"c_{k-2} -max_pool_3x3-> 0", "c_{k-2} -max_pool_3x3-> 2",
	}
	if got := edgeTriples(reduce); !slices.Equal(got, want) {
		t.Errorf("reduce edges\n%v\nwant\n%v", got, want)
	}
	for _, d := range []*CellDiagram{normal, reduce} {
		checkLayout(t, d)
	}
}

func TestDARTSRecurrentCell(t *testing.T) {
	r, err := genotype.LookupRecurrent("DARTS")
	if err != nil {
		t.Fatal(err)
	}
	d, err := RecurrentCell(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"x_{t}", "h_{t-1}", "0", "1", "2", "3", "4", "5", "6", "7", "8", "h_{t}"}; !slices.Equal(nodeLabels(d), want) {
		t.Errorf("nodes %v, want %v", nodeLabels(d), want)
	}
	triples := edgeTriples(d)
	for _, want := range []string{"x_{t} --> 0", "h_{t-1} --> 0", "0 -sigmoid-> 1", "1 -relu-> 2", "1 -relu-> 3",
		"1 -identity-> 4", "2 -tanh-> 5", "5 -sigmoid-> 6", "3 -tanh-> 7", "5 -relu-> 8", "8 --> h_{t}", "1 --> h_{t}"} {
		if !slices.Contains(triples, want) {
			t.Errorf("no edge %q in %v", want, triples)
		}
	}
	if len(triples) != 2+8+8 {
		t.Errorf("%d edges, want 18 (2 into node 0, 8 ops, 8 into h_t)", len(triples))
	}
	checkLayout(t, d)
}

// checkLayout: no label overlaps another label or a node, every label sits on or just beside its
// own edge, every edge runs left to right from its source to its target, and all of it lies
// inside Bounds.
func checkLayout(t *testing.T, d *CellDiagram) {
	t.Helper()
	var labels []Rect
	for _, e := range d.Edges {
		src, dst := d.Nodes[e.From].Box, d.Nodes[e.To].Box
		first, last := e.Path[0], e.Path[len(e.Path)-1]
		if math.Abs(first.X-src.Max.X) > 1e-9 || math.Abs(last.X-dst.Min.X) > 1e-9 || first.X >= last.X {
			t.Errorf("%s: edge %s→%s runs from x=%.1f to %.1f, want %.1f to %.1f", d.Title,
				d.Nodes[e.From].Label, d.Nodes[e.To].Label, first.X, last.X, src.Max.X, dst.Min.X)
		}
		if e.Op == "" {
			continue
		}
		for i, o := range labels {
			if e.Label.Overlaps(o, 0) {
				t.Errorf("%s: label %q overlaps label %d", d.Title, e.Op, i)
			}
		}
		for _, n := range d.Nodes {
			if e.Label.Overlaps(n.Box, 0) {
				t.Errorf("%s: label %q overlaps node %s", d.Title, e.Op, n.Label)
			}
		}
		near := math.Inf(1)
		c := e.Label.Center()
		for i := 1; i < len(e.Path); i++ {
			near = math.Min(near, segmentDistance(c, e.Path[i-1], e.Path[i]))
		}
		if h := e.Label.Max.Y - e.Label.Min.Y; near > h {
			t.Errorf("%s: label %q is %.1f pt from its edge", d.Title, e.Op, near)
		}
		if !d.Bounds.Contains(e.Label.Min) || !d.Bounds.Contains(e.Label.Max) {
			t.Errorf("%s: label %q outside the bounds", d.Title, e.Op)
		}
		labels = append(labels, e.Label)
	}
}

// Every built-in genotype lays out without overlaps, parallel edges (NASNet's two
// avg_pool_3x3 from the same input) included.
func TestBuiltinCellsLayOut(t *testing.T) {
	for _, name := range genotype.CNNNames() {
		g, _ := genotype.Lookup(name)
		for _, build := range []func(genotype.Genotype) (*CellDiagram, error){NormalCell, ReduceCell} {
			d, err := build(g)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			checkLayout(t, d)
		}
	}
	for _, name := range genotype.RecurrentNames() {
		r, _ := genotype.LookupRecurrent(name)
		d, err := RecurrentCell(r)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkLayout(t, d)
	}
}

func TestCellErrors(t *testing.T) {
	g, _ := genotype.Lookup("DARTS_V2")
	bad := g.Clone()
	bad.Normal[3].Op = "conv_9x9"
	if _, err := NormalCell(bad); err == nil || !strings.Contains(err.Error(), `unknown op "conv_9x9"`) {
		t.Errorf("unknown op: %v", err)
	}
	bad = g.Clone()
	bad.Reduce[0].From = 5
	if _, err := ReduceCell(bad); err == nil || !strings.Contains(err.Error(), "comes from state 5, want 0..1") {
		t.Errorf("edge from the future: %v", err)
	}
	bad = g.Clone()
	bad.Normal = bad.Normal[:3]
	if _, err := NormalCell(bad); err == nil || !strings.Contains(err.Error(), "3 edges, want two per node") {
		t.Errorf("odd edges: %v", err)
	}
	bad = g.Clone()
	bad.NormalConcat = []int{2, 9}
	if _, err := NormalCell(bad); err == nil || !strings.Contains(err.Error(), "state 9") {
		t.Errorf("bad concat: %v", err)
	}
	if _, err := RecurrentCell(genotype.Recurrent{}); err == nil {
		t.Errorf("empty recurrent cell: no error")
	}
}

// segmentDistance is the distance from p to the segment a–b.
func segmentDistance(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l))
	}
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}
