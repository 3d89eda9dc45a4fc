package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// PC-DARTS (Xu et al., "PC-DARTS: Partial Channel Connections for Memory-Efficient Architecture
// Search", ICLR 2020), as its reference code (yuhuixu1993/PC-DARTS, model_search.py) builds it.
// Its MixedOp (ops on the first C/K channels, the rest passed by, max-pooled at stride 2, then
// concatenated and shuffled) is split between the state's edgeInput (the split, the pass-by pool)
// and the node's output (one concatenation and shuffle of the edges' sums), edge_input.go.

func (c Config) pcDARTS() bool { return c.PartialChannels > 1 || c.EdgeNorm }

// channelShuffle is the reference's channel_shuffle(x, groups) for NHWC: channel g·(C/groups)+j
// moves to j·groups+g.
func channelShuffle(x *graph.Node, groups int) *graph.Node {
	d := x.Shape().Dimensions
	n, h, w, c := d[0], d[1], d[2], d[3]
	y := graph.Reshape(x, n, h, w, groups, c/groups)
	y = graph.TransposeAllDims(y, 0, 1, 2, 4, 3)
	return graph.Reshape(y, n, h, w, c)
}

// Betas returns PC-DARTS's edge-normalisation parameters β (one per edge of each cell type),
// created as α (1e-3·N(0,1), the reference's init).
func (c Config) Betas(ctx *context.Context) (normal, reduce *context.Variable) {
	c = c.withDefaults()
	arch := ctx.InAbsPath("/" + ArchScope).WithInitializer(initializers.RandomNormalFn(ctx, 1e-3))
	shape := shapes.Make(ops.DType, c.NumEdges())
	return arch.VariableWithShape("betas_normal", shape), arch.VariableWithShape("betas_reduce", shape)
}

// edgeWeights is softmax(β) over each node's incoming edges, per cell type, in dtype; nil
// without edge normalisation.
func (c Config) edgeWeights(ctx *context.Context, g *graph.Graph, dtype dtypes.DType) (normal, reduce *graph.Node) {
	if !c.EdgeNorm {
		return nil, nil
	}
	bn, br := c.Betas(ctx)
	return c.nodeSoftmax(bn.ValueGraph(g), dtype), c.nodeSoftmax(br.ValueGraph(g), dtype)
}

func (c Config) nodeSoftmax(beta *graph.Node, dtype dtypes.DType) *graph.Node {
	c = c.withDefaults()
	var parts []*graph.Node
	start := 0
	for i := 0; i < c.Steps; i++ {
		parts = append(parts, graph.Softmax(graph.Slice(beta, graph.AxisRange(start, start+i+2)), -1))
		start += i + 2
	}
	return ops.Compute(graph.Concatenate(parts, 0), dtype)
}

// NodeSoftmax is softmax over each node's incoming edges of a cell's β (the host-side twin of
// the graph's): node i has edges start..start+i+1.
func NodeSoftmax(beta []float64, steps int) []float64 {
	out := make([]float64, len(beta))
	start := 0
	for i := 0; i < steps; i++ {
		row := genotype.Softmax(beta[start : start+i+2])
		copy(out[start:], row)
		start += i + 2
	}
	return out
}

// EdgeWeighted multiplies each edge's op weights by its edge weight: what the reference's
// genotype() ranks (W[j,:] * W2[j]) when edge normalisation is on.
func EdgeWeighted(w [][]float64, edge []float64) [][]float64 {
	out := make([][]float64, len(w))
	for i, row := range w {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = v * edge[i]
		}
	}
	return out
}

// edgeSoftmax returns softmax(β) per node of both cell types, or nils without edge normalisation.
func (s *Searcher) edgeSoftmax() (normal, reduce []float64, err error) {
	if !s.Net.EdgeNorm {
		return nil, nil, nil
	}
	bn, br := s.Net.Betas(s.Ctx)
	steps := s.Net.withDefaults().Steps
	for _, p := range []struct {
		v   *context.Variable
		out *[]float64
	}{{bn, &normal}, {br, &reduce}} {
		t, err := p.v.Value()
		if err != nil {
			return nil, nil, fmt.Errorf("search: reading β: %w", err)
		}
		flat := tensors.MustCopyFlatData[float32](t)
		b := make([]float64, len(flat))
		for i, v := range flat {
			b[i] = float64(v)
		}
		*p.out = NodeSoftmax(b, steps)
	}
	return normal, reduce, nil
}

// Genotype derives the cell of the current α (and β, with edge normalisation), as the
// reference's genotype().
func (s *Searcher) Genotype() (genotype.Genotype, error) {
	var a AlphaRecord
	var err error
	if a.Normal, a.Reduce, err = s.Weights(); err != nil {
		return genotype.Genotype{}, err
	}
	if a.EdgeNormal, a.EdgeReduce, err = s.edgeSoftmax(); err != nil {
		return genotype.Genotype{}, err
	}
	net := s.Net.withDefaults()
	normal, reduce := deriveWeights(a)
	return genotype.DeriveCNNWeights(normal, reduce, net.Steps, net.Multiplier)
}

// deriveWeights is what the derivation ranks: softmax(α), times the edge weights with edge
// normalisation (the reference's genotype()).
func deriveWeights(a AlphaRecord) (normal, reduce [][]float32) {
	n, r := a.Normal, a.Reduce
	if a.EdgeNormal != nil {
		n, r = EdgeWeighted(n, a.EdgeNormal), EdgeWeighted(r, a.EdgeReduce)
	}
	return toFloat32(n), toFloat32(r)
}
