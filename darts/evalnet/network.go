package evalnet

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Kind is the family of evaluation network.
type Kind string

const (
	CIFAR    Kind = "cifar"    // 32×32 inputs: one 3×3 stem to 3C channels
	ImageNet Kind = "imagenet" // 224×224 inputs: two stride-2 stems (÷8), then the cells
)

// Config describes an evaluation network.
type Config struct {
	Kind       Kind              `json:"kind"`
	Genotype   genotype.Genotype `json:"genotype"`
	C          int               `json:"c"`           // initial channels (paper: 36 on CIFAR-10, 48 on ImageNet)
	Layers     int               `json:"layers"`      // cells (paper: 20, 14); reductions at Layers/3 and 2·Layers/3
	NumClasses int               `json:"num_classes"` // 10, 1000
	Auxiliary  bool              `json:"auxiliary"`   // the auxiliary head after cell 2·Layers/3 (training graphs only)

	// DropPathMasks, when set, replaces drop path's random draws (for tests against the reference,
	// which draws its own): the i-th drop path the network builds, cell by cell and edge by edge
	// (the order the reference draws in), keeps example n where DropPathMasks[i][n] is 1 and
	// zeroes it where 0, scaling by 1/(1-p) as usual. It must hold exactly one mask per drop
	// path. Not stored with a run's configuration.
	DropPathMasks [][]float32 `json:"-"`
}

// PaperCIFAR is the paper's CIFAR-10 evaluation network for g (20 cells, 36 channels, auxiliary).
func PaperCIFAR(g genotype.Genotype) Config {
	return Config{Kind: CIFAR, Genotype: g, C: 36, Layers: 20, NumClasses: 10, Auxiliary: true}
}

// PaperImageNet is the paper's ImageNet mobile-setting network for g (14 cells, 48 channels,
// auxiliary).
func PaperImageNet(g genotype.Genotype) Config {
	return Config{Kind: ImageNet, Genotype: g, C: 48, Layers: 14, NumClasses: 1000, Auxiliary: true}
}

// Validate reports a configuration that cannot be built.
func (c Config) Validate() error {
	switch {
	case c.Kind != CIFAR && c.Kind != ImageNet:
		return fmt.Errorf("evalnet: Kind %q, want %q or %q", c.Kind, CIFAR, ImageNet)
	case c.C < 1:
		return fmt.Errorf("evalnet: C=%d, want >= 1", c.C)
	case c.Kind == ImageNet && c.C%2 != 0:
		return fmt.Errorf("evalnet: C=%d: the ImageNet stem needs an even C (its first conv has C/2 channels)", c.C)
	case c.Layers < 1:
		return fmt.Errorf("evalnet: Layers=%d, want >= 1", c.Layers)
	case c.NumClasses < 2:
		return fmt.Errorf("evalnet: NumClasses=%d, want >= 2", c.NumClasses)
	}
	if err := c.Genotype.Validate(); err != nil {
		return fmt.Errorf("evalnet: %w", err)
	}
	for _, cell := range [][]genotype.Edge{c.Genotype.Normal, c.Genotype.Reduce} {
		for _, e := range cell {
			if _, err := ops.Lookup(e.Op); err != nil {
				return fmt.Errorf("evalnet: genotype: %w", err)
			}
		}
	}
	return nil
}

// IsReduction reports whether cell i is a reduction cell.
func (c Config) IsReduction(i int) bool { return i == c.Layers/3 || i == 2*c.Layers/3 }

// auxiliaryCell is the cell whose output feeds the auxiliary head.
func (c Config) auxiliaryCell() int { return 2 * c.Layers / 3 }

// Forward builds the network on images x (NHWC) and returns the logits [N, NumClasses] and, in a
// training graph with Auxiliary set, the auxiliary head's logits (else nil). dropProb is the
// drop-path probability as a scalar node (nil: none); it only acts in training graphs.
func (c Config) Forward(ctx *context.Context, x, dropProb *graph.Node) (logits, auxLogits *graph.Node) {
	if err := c.Validate(); err != nil {
		panic(err)
	}
	g := x.Graph()
	training := ctx.IsTraining(g)
	s0, s1 := c.stem(ctx, x)
	paths := &dropPaths{prob: dropProb, masks: c.DropPathMasks}
	cCur := c.C
	reductionPrev := c.Kind == ImageNet // the ImageNet stems reduce
	relus := reluMemo{}
	for i := 0; i < c.Layers; i++ {
		reduction := c.IsReduction(i)
		if reduction {
			cCur *= 2
		}
		cl := newCell(c.Genotype, cCur, reduction, reductionPrev)
		s0, s1 = s1, cl.forward(ctx.In(fmt.Sprintf("cell%d", i)), s0, s1, paths, relus)
		reductionPrev = reduction
		if i == c.auxiliaryCell() && c.Auxiliary && training {
			if c.Kind == CIFAR {
				auxLogits = auxiliaryHead(ctx.In("auxiliary_head"), relus.of(s1), c.NumClasses, 3, true)
			} else {
				auxLogits = auxiliaryHead(ctx.In("auxiliary_head"), relus.of(s1), c.NumClasses, 2, false)
			}
		}
	}
	if training && dropProb != nil && paths.masks != nil && paths.next != len(paths.masks) {
		panic(fmt.Sprintf("evalnet: %d drop-path masks given, but the network has %d drop paths", len(paths.masks), paths.next))
	}
	// Global average pool (the reference's AdaptiveAvgPool2d(1) on CIFAR, AvgPool2d(7) on the
	// 7×7 ImageNet features: the same thing at 224×224).
	pooled := graph.ReduceMean(s1, 1, 2)
	return ops.Linear(ctx.In("classifier"), pooled, c.NumClasses), auxLogits
}

// stem returns the first two states.
func (c Config) stem(ctx *context.Context, x *graph.Node) (s0, s1 *graph.Node) {
	if c.Kind == CIFAR {
		stem := ctx.In("stem")
		s := ops.BatchNorm(stem, ops.Conv(stem.In("conv"), x, 3*c.C, 3, 1, 1, 1), true)
		return s, s
	}
	stem0 := ctx.In("stem0")
	s0 = ops.BatchNorm(stem0.In("bn1"), ops.Conv(stem0.In("conv1"), x, c.C/2, 3, 2, 1, 1), true)
	s0 = ops.BatchNorm(stem0.In("bn2"), ops.Conv(stem0.In("conv2"), ops.ReLU(s0), c.C, 3, 2, 1, 1), true)
	stem1 := ctx.In("stem1")
	s1 = ops.BatchNorm(stem1, ops.Conv(stem1.In("conv"), ops.ReLU(s0), c.C, 3, 2, 1, 1), true)
	return s0, s1
}
