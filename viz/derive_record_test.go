package viz

import (
	"strings"
	"testing"
)

// TestDeriveFromRecordEdgeWeights: a PC-DARTS record's edge weights enter the derivation (as the
// search's) and the α heatmap's marks: node 1's strongest input loses its place when its edge
// weight is small.
func TestDeriveFromRecordEdgeWeights(t *testing.T) {
	rec := SyntheticHistory(3, 7)[2]
	plain, err := DeriveFromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	first := plain.Normal[2].From // node 1 (edges 2..4 from states 0..2): its strongest input
	edge := []float64{0.5, 0.5, 0.4, 0.3, 0.3, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2}
	edge[2+first] = 0.001
	rec.EdgeNormal, rec.EdgeReduce = edge, edge
	g, err := DeriveFromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if g.Normal[2].From == first || g.Normal[3].From == first {
		t.Errorf("node 1 still takes state %d (edge weight 0.001): %v", first, g.Normal[2:4])
	}
	// The heatmap's marked choices are the same derivation's.
	n, _ := CellAlphas(rec)
	choices, err := n.choices()
	if err != nil {
		t.Fatal(err)
	}
	if choices[2+first] != -1 {
		t.Errorf("the α heatmap still marks node 1's edge from state %d (edge weight 0.001): choices %v", first, choices)
	}
	for _, e := range g.Normal[2:4] {
		if choices[2+e.From] == -1 {
			t.Errorf("the α heatmap does not mark node 1's kept edge from state %d: choices %v", e.From, choices)
		}
	}
	rec.EdgeNormal = edge[:3]
	if _, err := DeriveFromRecord(rec); err == nil || !strings.Contains(err.Error(), "edge weights") {
		t.Errorf("3 edge weights for 14 edges: %v, want an error", err)
	}
}
