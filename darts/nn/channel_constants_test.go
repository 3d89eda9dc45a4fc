package nn

import (
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// TestBatchNormSharesOnesAndZeros: the non-affine batch norms of a graph take their scale and
// offset from one shared vector of ones and one of zeros (each use through its own
// StopGradient), and the gradient graph sums none of their scale or offset gradients (a shared
// node without the StopGradients would collect one dead Add per batch norm). The statistics of
// the backend op come back without StopGradient nodes.
func TestBatchNormSharesOnesAndZeros(t *testing.T) {
	b := testBackend(t)
	requireOps(t, b, backends.OpTypeBatchNormForTraining)
	g := graph.NewGraph(b, "shared_bn_constants")
	defer g.Finalize()
	x := graph.Parameter(g, "x", shapes.Make(dtypes.Float32, 2, 3, 3, 4))
	var loss *graph.Node
	for k := range 4 {
		y, mean, _ := BatchNormTrain(graph.MulScalar(x, float64(k+1)), nil, nil, testEps)
		if mean.Type() == graph.NodeTypeIdentity {
			t.Errorf("batch norm %d: the backend op's mean is wrapped in an Identity", k)
		}
		term := weightedLoss(y)
		if loss == nil {
			loss = term
		} else {
			loss = graph.Add(loss, term)
		}
	}
	graph.Gradient(loss, x)
	scales, offsets := map[*graph.Node]bool{}, map[*graph.Node]bool{}
	bns := 0
	for _, n := range g.Nodes() {
		if n == nil {
			continue
		}
		switch n.Type() {
		case graph.NodeTypeBatchNormForTraining:
			bns++
			in := n.Inputs()
			for i, seen := range []map[*graph.Node]bool{scales, offsets} {
				stop := in[i+1]
				if stop.Type() != graph.NodeTypeIdentity || !stop.StopGradient() {
					t.Fatalf("batch norm input %d is a %s, want a StopGradient", i+1, stop.Type())
				}
				seen[stop.Inputs()[0]] = true
			}
		case graph.NodeTypeAdd:
			for _, in := range n.Inputs() {
				if in.Type() == graph.NodeTypeSplitNode && in.Inputs()[0].Type() == graph.NodeTypeBatchNormGradient {
					// dx of each batch norm goes to its own MulScalar; only scale/offset
					// gradients of a shared input would be summed.
					t.Errorf("the gradient graph sums a batch norm gradient: %s", n)
				}
			}
		}
	}
	if bns != 4 || len(scales) != 1 || len(offsets) != 1 {
		t.Fatalf("%d batch norms with %d distinct scales and %d offsets, want 4 sharing 1 and 1", bns, len(scales), len(offsets))
	}
}
