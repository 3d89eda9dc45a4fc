package conv

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kind selects which family of random cases to generate.
type kind int

const (
	anyConv        kind = iota // every feature, mixed
	depthwiseConv              // FeatureGroups == Cin, multiplier 1..3
	filterGradConv             // BatchGroups == Cout (one output channel per group)
	pointwiseConv              // 1×1, stride 1, no padding/dilation
)

// randParams draws a small random valid Params of the given kind.
func randParams(r *rand.Rand, k kind) *Params {
	d := 1 + r.IntN(3)
	if k != anyConv && r.IntN(3) > 0 {
		d = 2 // the case DARTS cares about most
	}
	p := &Params{FeatureGroups: 1, BatchGroups: 1}
	maxS := []int{0, 12, 7, 4}[d]
	for i := 0; i < d; i++ {
		p.InSpatial = append(p.InSpatial, sometimesZero(r, 1+r.IntN(maxS)))
		p.KernelSpatial = append(p.KernelSpatial, 1+r.IntN(3))
		p.Strides = append(p.Strides, 1+r.IntN(3))
		p.InputDilation = append(p.InputDilation, 1+r.IntN(3)*r.IntN(2))
		p.KernelDilation = append(p.KernelDilation, 1+r.IntN(3)*r.IntN(2))
		p.Padding = append(p.Padding, [2]int{r.IntN(5) - 2, r.IntN(5) - 2})
	}
	p.Batch = sometimesZero(r, 1+r.IntN(3))
	p.InChannels = 1 + r.IntN(4)
	p.OutChannels = 1 + r.IntN(4)
	switch k {
	case anyConv:
		switch r.IntN(4) {
		case 0: // feature groups
			fg := 1 + r.IntN(3)
			p.FeatureGroups = fg
			p.InChannels = fg * (1 + r.IntN(3))
			p.OutChannels = fg * (1 + r.IntN(3))
		case 1: // batch groups
			bg := 1 + r.IntN(3)
			p.BatchGroups = bg
			p.Batch = bg * sometimesZero(r, 1+r.IntN(2))
			p.OutChannels = bg * (1 + r.IntN(3))
		}
		if r.IntN(10) == 0 { // the occasional zero-size channel dimension
			p.InChannels, p.OutChannels, p.FeatureGroups = 0, 0, 1
		}
	case depthwiseConv:
		c := 2 + r.IntN(18) // reaches the 8- and 4-channel blocks and the scalar tail
		p.InChannels, p.FeatureGroups, p.OutChannels = c, c, c*(1+r.IntN(3))
		p.Batch = 1 + r.IntN(3)
	case filterGradConv:
		c := 2 + r.IntN(6)
		p.Batch, p.BatchGroups, p.OutChannels = c, c, c
		if r.IntN(3) == 0 { // more than one output batch per group
			p.Batch *= 2
		}
		p.InChannels = 1 + r.IntN(20) // the dot product's 8-wide blocks and tail
	case pointwiseConv:
		p.Strides, p.InputDilation, p.KernelDilation, p.Padding = nil, nil, nil, nil
		for i := range p.KernelSpatial {
			p.KernelSpatial[i] = 1
			p.InSpatial[i] = 1 + p.InSpatial[i]
		}
		if r.IntN(3) == 0 {
			fg := 2 + r.IntN(2)
			p.FeatureGroups, p.InChannels, p.OutChannels = fg, fg*(1+r.IntN(3)), fg*(1+r.IntN(3))
		}
	}
	if err := p.Validate(); err != nil {
		panic(fmt.Sprintf("generated invalid params %+v: %v", p, err))
	}
	return p
}

// sometimesZero returns n, or 0 one time in 12, so zero-size dimensions get exercised.
func sometimesZero(r *rand.Rand, n int) int {
	if r.IntN(12) == 0 {
		return 0
	}
	return n
}

func randSlice[T float](r *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*r.Float64() - 1)
	}
	return s
}

// checkAgainstRef runs fn on random operands and compares with refConv. The output is first
// filled with NaN to prove fn overwrites every element.
func checkAgainstRef[T float](t *testing.T, r *rand.Rand, p *Params, name string,
	fn func(p *Params, in, ker, out []T)) {
	t.Helper()
	in := randSlice[T](r, p.InputSize())
	ker := randSlice[T](r, p.KernelSize())
	out := make([]T, p.OutputSize())
	for i := range out {
		out[i] = T(math.NaN())
	}
	fn(p, in, ker, out)
	want, absSum := refConv(p, in, ker)
	eps := 1e-13
	var zero T
	if _, ok := any(zero).(float32); ok {
		eps = 2e-6
	}
	for i := range want {
		tol := eps * (absSum[i] + 1e-3)
		if got := float64(out[i]); !(math.Abs(got-want[i]) <= tol) {
			t.Fatalf("%s %T: params %s: output[%d] = %g, want %g (tol %g)",
				name, zero, describe(p), i, got, want[i], tol)
		}
	}
}

func describe(p *Params) string {
	return fmt.Sprintf("{N:%d S:%v Cin:%d K:%v Cout:%d strides:%v pad:%v ldil:%v kdil:%v FG:%d BG:%d -> O:%v}",
		p.Batch, p.InSpatial, p.InChannels, p.KernelSpatial, p.OutChannels, p.Strides, p.Padding,
		p.InputDilation, p.KernelDilation, p.FeatureGroups, p.BatchGroups, p.OutSpatial())
}

// forcePath runs one implementation directly, bypassing Conv's dispatch.
func forcePath[T float](path func(g *geometry, in, ker, out []T)) func(p *Params, in, ker, out []T) {
	return func(p *Params, in, ker, out []T) {
		g := newGeometry(p)
		if len(out) == 0 {
			return
		}
		if g.kerPositions*g.cinK == 0 {
			clear(out)
			return
		}
		path(g, in, ker, out)
	}
}

func testKind[T float](t *testing.T, k kind, n int, paths map[string]func(p *Params, in, ker, out []T)) {
	r := rand.New(rand.NewPCG(uint64(k)+1, 42))
	for i := 0; i < n; i++ {
		p := randParams(r, k)
		for name, fn := range paths {
			checkAgainstRef(t, r, p, name, fn)
		}
	}
}

func TestConvRandom(t *testing.T) {
	testKind(t, anyConv, 3000, map[string]func(*Params, []float32, []float32, []float32){
		"Conv": Conv[float32], "general": forcePath(convGeneral[float32])})
	testKind(t, anyConv, 1000, map[string]func(*Params, []float64, []float64, []float64){
		"Conv": Conv[float64], "general": forcePath(convGeneral[float64])})
}

func TestDepthwise(t *testing.T) {
	testKind(t, depthwiseConv, 1500, map[string]func(*Params, []float32, []float32, []float32){
		"Conv": Conv[float32], "depthwise": forcePath(convDepthwise[float32]),
		"general": forcePath(convGeneral[float32])})
	testKind(t, depthwiseConv, 500, map[string]func(*Params, []float64, []float64, []float64){
		"Conv": Conv[float64], "depthwise": forcePath(convDepthwise[float64])})
}

func TestDepthwiseFilterGrad(t *testing.T) {
	testKind(t, filterGradConv, 1500, map[string]func(*Params, []float32, []float32, []float32){
		"Conv": Conv[float32], "filterGrad": forcePath(convDepthwiseFilterGrad[float32]),
		"general": forcePath(convGeneral[float32])})
	testKind(t, filterGradConv, 500, map[string]func(*Params, []float64, []float64, []float64){
		"Conv": Conv[float64], "filterGrad": forcePath(convDepthwiseFilterGrad[float64])})
}

func TestPointwise(t *testing.T) {
	testKind(t, pointwiseConv, 500, map[string]func(*Params, []float32, []float32, []float32){
		"Conv": Conv[float32], "pointwise": forcePath(convPointwise[float32]),
		"general": forcePath(convGeneral[float32])})
	testKind(t, pointwiseConv, 200, map[string]func(*Params, []float64, []float64, []float64){
		"Conv": Conv[float64], "pointwise": forcePath(convPointwise[float64])})
}

// TestMedium covers sizes where the general path splits rows into several chunks and runs on
// several goroutines, which the small random cases never reach.
func TestMedium(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	cases := []*Params{
		{Batch: 3, InSpatial: []int{20, 17}, InChannels: 64, KernelSpatial: []int{3, 3}, OutChannels: 5,
			Strides: []int{1, 2}, Padding: [][2]int{{1, 1}, {2, -1}}, KernelDilation: []int{2, 1}, FeatureGroups: 1, BatchGroups: 1},
		{Batch: 2, InSpatial: []int{16, 16}, InChannels: 12, KernelSpatial: []int{5, 5}, OutChannels: 24,
			Strides: []int{2, 2}, Padding: [][2]int{{2, 2}, {2, 2}}, FeatureGroups: 12, BatchGroups: 1},
		{Batch: 2, InSpatial: []int{16, 16}, InChannels: 12, KernelSpatial: []int{3, 3}, OutChannels: 12,
			Padding: [][2]int{{1, 2}, {1, 2}}, InputDilation: []int{2, 2}, KernelDilation: []int{2, 2}, FeatureGroups: 12, BatchGroups: 1},
		{Batch: 8, InSpatial: []int{14, 14}, InChannels: 6, KernelSpatial: []int{7, 7}, OutChannels: 8,
			Padding: [][2]int{{1, 1}, {1, 1}}, KernelDilation: []int{2, 2}, FeatureGroups: 1, BatchGroups: 8},
		{Batch: 4, InSpatial: []int{9, 9}, InChannels: 8, KernelSpatial: []int{3, 3}, OutChannels: 16,
			Padding: [][2]int{{1, 1}, {1, 1}}, FeatureGroups: 1, BatchGroups: 4},
		{Batch: 5, InSpatial: []int{30, 30}, InChannels: 16, KernelSpatial: []int{1, 1}, OutChannels: 8,
			FeatureGroups: 2, BatchGroups: 1},
		{Batch: 2, InSpatial: []int{6, 7, 8}, InChannels: 6, KernelSpatial: []int{3, 2, 3}, OutChannels: 6,
			Strides: []int{1, 2, 1}, Padding: [][2]int{{1, 1}, {0, 1}, {2, 0}}, FeatureGroups: 6, BatchGroups: 1},
		// FactorizedReduce's 1×1 stride-2 convolution and its input gradient (gather path).
		{Batch: 3, InSpatial: []int{31, 31}, InChannels: 24, KernelSpatial: []int{1, 1}, OutChannels: 12,
			Strides: []int{2, 2}, FeatureGroups: 1, BatchGroups: 1},
		{Batch: 3, InSpatial: []int{16, 16}, InChannels: 12, KernelSpatial: []int{1, 1}, OutChannels: 24,
			Padding: [][2]int{{0, 1}, {0, 1}}, InputDilation: []int{2, 2}, FeatureGroups: 1, BatchGroups: 1},
		{Batch: 2, InSpatial: []int{300}, InChannels: 8, KernelSpatial: []int{9}, OutChannels: 16,
			Padding: [][2]int{{4, 4}}, InputDilation: []int{2}, FeatureGroups: 2, BatchGroups: 1},
	}
	for _, p := range cases {
		checkAgainstRef(t, r, p, "Conv", Conv[float32])
		checkAgainstRef(t, r, p, "general", forcePath(convGeneral[float32]))
		checkAgainstRef(t, r, p, "Conv", Conv[float64])
	}
}

var benchTable = flag.Bool("bench-table", false, "print the benchmark table in TestBenchTable")

// TestGeneralBlocking shrinks the scratch budget so that the general path splits both output
// rows and kernel positions into many blocks (accumulating partial products with beta = 1).
func TestGeneralBlocking(t *testing.T) {
	savedBudget, savedRows := patchBudget, minChunkRows
	defer func() { patchBudget, minChunkRows = savedBudget, savedRows }()
	for _, budget := range []int{1, 5, 37, 300} {
		patchBudget, minChunkRows = budget, 1+budget%7
		testKind(t, anyConv, 300, map[string]func(*Params, []float32, []float32, []float32){
			"general": forcePath(convGeneral[float32])})
		testKind(t, filterGradConv, 100, map[string]func(*Params, []float64, []float64, []float64){
			"general": forcePath(convGeneral[float64])})
	}
}

// TestBenchShapes checks the benchmarked (DARTS-sized) shapes against the reference, so the
// fast paths are verified on exactly the inputs they are timed on.
func TestBenchShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("slow reference")
	}
	r := rand.New(rand.NewPCG(3, 3))
	for _, bc := range allBenchCases() {
		checkAgainstRef(t, r, bc.p, bc.name, Conv[float32])
	}
}
