package conv

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// The benchmark shapes are a DARTS cell at CIFAR scale: batch 16, 16 channels, 32×32, NHWC,
// float32. Each layer appears in the three forms its training step runs: forward, input
// gradient (transposed conv of dy) and filter gradient (x transposed as input, dy as kernel).
const (
	bN, bC, bS = 16, 16, 32
)

type benchCase struct {
	name string
	p    *Params
}

func sq(v int) []int { return []int{v, v} }
func pad2(lo, hi int) [][2]int {
	return [][2]int{{lo, hi}, {lo, hi}}
}

// denseCases: 3×3, stride 1, pad 1, 16→16 channels.
func denseCases() []benchCase {
	fwd := &Params{Batch: bN, InSpatial: sq(bS), InChannels: bC, KernelSpatial: sq(3), OutChannels: bC,
		Padding: pad2(1, 1), FeatureGroups: 1, BatchGroups: 1}
	// Input gradient: dy convolved with the reversed, channel-swapped kernel: same shape as fwd.
	ig := *fwd
	// Filter gradient: input x as [Cin, H, W, N], kernel dy as [Ho, Wo, N, Cout], out [Cin, 3, 3, Cout].
	fg := &Params{Batch: bC, InSpatial: sq(bS), InChannels: bN, KernelSpatial: sq(bS), OutChannels: bC,
		Padding: pad2(1, 1), FeatureGroups: 1, BatchGroups: 1}
	return []benchCase{{"dense3x3/fwd", fwd}, {"dense3x3/inGrad", &ig}, {"dense3x3/filterGrad", fg}}
}

// depthwiseCases: k×k depthwise conv, stride 1, dilation dil, "same" padding.
func depthwiseCases(k, dil int) []benchCase {
	pad := dil * (k - 1) / 2
	name := fmt.Sprintf("dw%dx%d_d%d", k, k, dil)
	fwd := &Params{Batch: bN, InSpatial: sq(bS), InChannels: bC, KernelSpatial: sq(k), OutChannels: bC,
		Padding: pad2(pad, pad), KernelDilation: sq(dil), FeatureGroups: bC, BatchGroups: 1}
	ig := *fwd // stride 1: the transposed conv has the forward's shape (with the kernel reversed)
	// Filter gradient: x as [C, H, W, N], dy as [Ho, Wo, N, C], one batch group per channel;
	// the forward's kernel dilation becomes the stride.
	fg := &Params{Batch: bC, InSpatial: sq(bS), InChannels: bN, KernelSpatial: sq(bS), OutChannels: bC,
		Padding: pad2(pad, pad), Strides: sq(dil), FeatureGroups: 1, BatchGroups: bC}
	return []benchCase{{name + "/fwd", fwd}, {name + "/inGrad", &ig}, {name + "/filterGrad", fg}}
}

// stridedDepthwiseInGrad: input gradient of a 3×3 stride-2 depthwise conv (dy 16×16 → 32×32),
// the form with input dilation.
func stridedDepthwiseInGrad() benchCase {
	return benchCase{"dw3x3_s2/inGrad", &Params{Batch: bN, InSpatial: sq(bS / 2), InChannels: bC,
		KernelSpatial: sq(3), OutChannels: bC, Padding: pad2(1, 2), InputDilation: sq(2),
		FeatureGroups: bC, BatchGroups: 1}}
}

func pointwiseCase() benchCase {
	return benchCase{"conv1x1/fwd", &Params{Batch: bN, InSpatial: sq(bS), InChannels: bC, KernelSpatial: sq(1),
		OutChannels: bC, FeatureGroups: 1, BatchGroups: 1}}
}

func allBenchCases() []benchCase {
	cases := denseCases()
	for _, k := range []int{3, 5} {
		for _, dil := range []int{1, 2} {
			cases = append(cases, depthwiseCases(k, dil)...)
		}
	}
	return append(cases, stridedDepthwiseInGrad(), pointwiseCase())
}

// usefulFlops counts 2 flops per multiply that touches a real input element (taps on padding
// or dilation holes are not work).
func usefulFlops(p *Params) float64 {
	g := newGeometry(p)
	taps := 1.0
	for i := range g.taps {
		taps *= float64(len(g.taps[i].k))
	}
	return 2 * float64(g.nOut) * float64(g.cout) * float64(g.cinK) * taps
}

func BenchmarkConv(b *testing.B) {
	for _, bc := range allBenchCases() {
		benchOne(b, bc.name, bc.p, Conv[float32])
		if !newGeometry(bc.p).isGeneralOnly() {
			benchOne(b, bc.name+"/viaGeneral", bc.p, forcePath(convGeneral[float32]))
		}
	}
}

func benchOne(b *testing.B, name string, p *Params, fn func(p *Params, in, ker, out []float32)) {
	r := rand.New(rand.NewPCG(1, 2))
	in := randSlice[float32](r, p.InputSize())
	ker := randSlice[float32](r, p.KernelSize())
	out := make([]float32, p.OutputSize())
	flops := usefulFlops(p)
	b.Run(name, func(b *testing.B) {
		fn(p, in, ker, out) // warm the pools
		b.ResetTimer()
		for b.Loop() {
			fn(p, in, ker, out)
		}
		perOp := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(perOp*1e3, "ms/op")
		b.ReportMetric(flops/perOp/1e9, "GFLOP/s")
	})
}

// isGeneralOnly reports whether Conv would use the general path anyway.
func (g *geometry) isGeneralOnly() bool {
	return !g.isPointwise() && !g.isDepthwise() && !g.isDepthwiseFilterGrad()
}

// TestBenchTable prints the benchmark table (best of several runs, since the machine is shared)
// when run with -v -run BenchTable -bench-table.
func TestBenchTable(t *testing.T) {
	if !*benchTable {
		t.Skip("use -bench-table to print the timing table")
	}
	best := func(p *Params, fn func(p *Params, in, ker, out []float32)) time.Duration {
		r := rand.New(rand.NewPCG(1, 2))
		in := randSlice[float32](r, p.InputSize())
		ker := randSlice[float32](r, p.KernelSize())
		out := make([]float32, p.OutputSize())
		fn(p, in, ker, out)
		bestD := time.Duration(1 << 62)
		deadline := time.Now().Add(400 * time.Millisecond)
		for i := 0; i < 5 || (time.Now().Before(deadline) && i < 200); i++ {
			start := time.Now()
			fn(p, in, ker, out)
			bestD = min(bestD, time.Since(start))
		}
		return bestD
	}
	fmt.Printf("| case | ms | GFLOP/s | general path ms |\n|---|---:|---:|---:|\n")
	totals := map[string]time.Duration{}
	for _, bc := range allBenchCases() {
		d := best(bc.p, Conv[float32])
		gen := "="
		if !newGeometry(bc.p).isGeneralOnly() {
			gen = fmt.Sprintf("%.3f", best(bc.p, forcePath(convGeneral[float32])).Seconds()*1e3)
		}
		fmt.Printf("| %s | %.3f | %.1f | %s |\n", bc.name, d.Seconds()*1e3, usefulFlops(bc.p)/d.Seconds()/1e9, gen)
		layer := bc.name[:len(bc.name)-len("/fwd")]
		if i := lastSlash(bc.name); i >= 0 {
			layer = bc.name[:i]
		}
		totals[layer] += d
	}
	for _, layer := range []string{"dense3x3", "dw3x3_d1", "dw3x3_d2", "dw5x5_d1", "dw5x5_d2"} {
		fmt.Printf("| %s fwd+inGrad+filterGrad | %.3f | | |\n", layer, totals[layer].Seconds()*1e3)
	}
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// BenchmarkDepthwiseFilterGradNHWC times the depthwise filter gradients of allBenchCases on
// NHWC operands (what the backend runs), beside Conv on the canonical ones (what it ran before,
// not counting the two transposes).
func BenchmarkDepthwiseFilterGradNHWC(b *testing.B) {
	for _, bc := range allBenchCases() {
		if DepthwiseFilterGradNHWCSupported(bc.p) {
			benchOne(b, bc.name+"/nhwc", bc.p, DepthwiseFilterGradNHWC[float32])
			benchOne(b, bc.name+"/canonical", bc.p, Conv[float32])
		}
	}
}

// BenchmarkPatchFilterGradStem times the kernel gradient of a CIFAR stem (3×3, 3 → 108 channels,
// padding 1, 32×32, batch 32) on NHWC operands (what the backend runs).
func BenchmarkPatchFilterGradStem(b *testing.B) {
	p := &Params{Batch: 3, InSpatial: sq(32), InChannels: 32, KernelSpatial: sq(32), OutChannels: 108,
		Padding: pad2(1, 1), FeatureGroups: 1, BatchGroups: 1}
	benchOne(b, "nhwc", p, PatchFilterGradNHWC[float32])
}
