package conv

import (
	"fmt"
	"slices"
	"sync"
)

// Geometries and their tap lists depend only on Params, and a training step runs the same few
// hundred convolutions every time: build each once.
var geometryCache sync.Map // Params fingerprint → *geometry

func (p *Params) fingerprint() string {
	return fmt.Sprint(p.Batch, p.InSpatial, p.InChannels, p.KernelSpatial, p.OutChannels, p.Strides,
		p.Padding, p.InputDilation, p.KernelDilation, p.FeatureGroups, p.BatchGroups)
}

func cachedGeometry(p *Params) *geometry {
	key := p.fingerprint()
	if g, ok := geometryCache.Load(key); ok {
		return g.(*geometry)
	}
	// The geometry keeps slices of its Params: give it a private copy.
	own := *p
	own.InSpatial, own.KernelSpatial = slices.Clone(p.InSpatial), slices.Clone(p.KernelSpatial)
	own.Strides, own.Padding = slices.Clone(p.Strides), slices.Clone(p.Padding)
	own.InputDilation, own.KernelDilation = slices.Clone(p.InputDilation), slices.Clone(p.KernelDilation)
	g, _ := geometryCache.LoadOrStore(key, newGeometry(&own))
	return g.(*geometry)
}

// rowTapsCache holds, per (xStride, wStride), the taps of every output row of a geometry.
type rowTapsCache struct {
	mu   sync.Mutex
	rows map[[2]int][]rowTaps
}

// allRows returns the taps of every output row (read-only; shared between goroutines).
func (g *geometry) allRows(xStride, wStride int) []rowTaps {
	g.rowCache.mu.Lock()
	defer g.rowCache.mu.Unlock()
	key := [2]int{xStride, wStride}
	if rows, ok := g.rowCache.rows[key]; ok {
		return rows
	}
	rows := make([]rowTaps, g.outerCount)
	for outer := range rows {
		rows[outer].build(g, outer, xStride, wStride)
	}
	if g.rowCache.rows == nil {
		g.rowCache.rows = make(map[[2]int][]rowTaps)
	}
	g.rowCache.rows[key] = rows
	return rows
}

// Path names the algorithm Conv uses for p: "pointwise", "pointwise-gather" (1×1 with stride,
// padding or input dilation), "depthwise", "depthwise-filter-grad" or "general" (im2col and
// GEMM). Profiles use it to attribute time.
func (p *Params) Path() string {
	g := cachedGeometry(p)
	switch {
	case g.isPointwise():
		return "pointwise"
	case g.isOneByOne():
		return "pointwise-gather"
	case g.isDepthwise():
		return "depthwise"
	case g.isDepthwiseFilterGrad():
		return "depthwise-filter-grad"
	}
	return "general"
}
