package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// ArchScope is the context scope holding α.
const ArchScope = "arch"

// Config describes a search network. The zero values of Steps, Multiplier and StemMultiplier
// mean the paper's 4, 4 and 3.
type Config struct {
	C              int      `json:"c"`               // initial channels (paper: 16)
	Layers         int      `json:"layers"`          // cells (paper: 8); reductions at Layers/3 and 2·Layers/3
	NumClasses     int      `json:"num_classes"`     // paper: 10
	Steps          int      `json:"steps"`           // intermediate nodes per cell
	Multiplier     int      `json:"multiplier"`      // how many of the last nodes are concatenated into the cell output
	StemMultiplier int      `json:"stem_multiplier"` // the stem has StemMultiplier·C channels
	Primitives     []string `json:"primitives"`      // candidate ops; nil means ops.Primitives
	// Compute is the dtype the cells compute in; the zero value means ops.DType (float32).
	// Weights and α stay ops.DType (the optimisers update them there); with a narrower Compute
	// (bfloat16, float16) each layer reads them converted, batch norms and the classifier run in
	// ops.DType, and the logits are ops.DType. See RunConfig.ComputeDType. Unset, it is left out
	// of config.json (rather than written as "InvalidDType").
	Compute dtypes.DType `json:"compute,omitempty"`
	// PartialChannels is PC-DARTS's K (Xu et al., ICLR 2020; the paper 4): every mixed op runs on
	// the first C/K channels of its input and passes the rest through, then shuffles the channels
	// (see partial.go). 0 or 1: DARTS, every channel.
	PartialChannels int `json:"partial_channels,omitempty"`
	// EdgeNorm is PC-DARTS's edge normalisation: each node weighs its incoming edges by
	// softmax(β) over them (β under ArchScope, learnt with α), and the derivation ranks edges by
	// their op weight times that edge weight.
	EdgeNorm bool `json:"edge_norm,omitempty"`
}

// PaperConfig is the search network of the paper's CIFAR-10 search.
func PaperConfig() Config { return Config{C: 16, Layers: 8, NumClasses: 10} }

func (c Config) withDefaults() Config {
	if c.Steps == 0 {
		c.Steps = 4
	}
	if c.Multiplier == 0 {
		c.Multiplier = 4
	}
	if c.StemMultiplier == 0 {
		c.StemMultiplier = 3
	}
	if c.Primitives == nil {
		c.Primitives = ops.Primitives
	}
	return c
}

// Validate reports a configuration that cannot be built.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.C < 1:
		return fmt.Errorf("search: C=%d, want >= 1", c.C)
	case c.Layers < 1:
		return fmt.Errorf("search: Layers=%d, want >= 1", c.Layers)
	case c.NumClasses < 2:
		return fmt.Errorf("search: NumClasses=%d, want >= 2", c.NumClasses)
	case c.Multiplier > c.Steps:
		return fmt.Errorf("search: Multiplier=%d exceeds Steps=%d", c.Multiplier, c.Steps)
	case c.PartialChannels < 0:
		return fmt.Errorf("search: PartialChannels=%d, want 0 (all channels) or more", c.PartialChannels)
	case c.PartialChannels > 1 && c.C%c.PartialChannels != 0:
		return fmt.Errorf("search: PartialChannels=%d does not divide C=%d", c.PartialChannels, c.C)
	}
	for _, p := range c.Primitives {
		if _, err := ops.Lookup(p); err != nil {
			return fmt.Errorf("search: Primitives: %w", err)
		}
	}
	return nil
}

// NumEdges is the number of mixed-op edges in a cell: node i has i+2 inputs.
func (c Config) NumEdges() int {
	c = c.withDefaults()
	return c.Steps * (c.Steps + 3) / 2
}

// IsReduction reports whether cell i is a reduction cell.
func (c Config) IsReduction(i int) bool { return i == c.Layers/3 || i == 2*c.Layers/3 }

// Alphas returns the α variables, created (1e-3·N(0,1), as the reference) if needed:
// one row per edge, one column per primitive.
func (c Config) Alphas(ctx *context.Context) (normal, reduce *context.Variable) {
	c = c.withDefaults()
	arch := ctx.InAbsPath("/" + ArchScope).WithInitializer(initializers.RandomNormalFn(ctx, 1e-3))
	shape := shapes.Make(ops.DType, c.NumEdges(), len(c.Primitives))
	return arch.VariableWithShape("alphas_normal", shape), arch.VariableWithShape("alphas_reduce", shape)
}

// Forward builds the search network on images x (NHWC) and returns the logits [N, NumClasses].
func (c Config) Forward(ctx *context.Context, x *graph.Node) *graph.Node {
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		panic(err)
	}
	g := x.Graph()
	alphaNormal, alphaReduce := c.Alphas(ctx)
	x = ops.Compute(x, c.Compute)
	weightsNormal := ops.Compute(graph.Softmax(alphaNormal.ValueGraph(g), -1), x.DType())
	weightsReduce := ops.Compute(graph.Softmax(alphaReduce.ValueGraph(g), -1), x.DType())

	// PC-DARTS's partial channels and edge normalisation are built edge by edge (not batched).
	batched := c.stackedOn(g.Backend())
	betasNormal, betasReduce := c.edgeWeights(ctx, g, x.DType())
	cCur := c.StemMultiplier * c.C
	stem := ctx.In("stem")
	s := ops.BatchNorm(stem, ops.Conv(stem.In("conv"), x, cCur, 3, 1, 1, 1), true)
	s0, s1 := s, s
	cCur = c.C
	reductionPrev := false
	for i := 0; i < c.Layers; i++ {
		reduction := c.IsReduction(i)
		weights, betas := weightsNormal, betasNormal
		if reduction {
			cCur *= 2
			weights, betas = weightsReduce, betasReduce
		}
		cell := searchCell{steps: c.Steps, multiplier: c.Multiplier, c: cCur, reduction: reduction,
			reductionPrev: reductionPrev, primitives: c.Primitives, batched: batched,
			partial: c.PartialChannels, edgeWeights: betas}
		s0, s1 = s1, cell.forward(ctx.In(fmt.Sprintf("cell%d", i)), s0, s1, weights)
		reductionPrev = reduction
	}
	pooled := graph.ReduceMean(ops.Compute(s1, ops.DType), 1, 2) // global average pool: [N, C]
	return ops.Linear(ctx.In("classifier"), pooled, c.NumClasses)
}
