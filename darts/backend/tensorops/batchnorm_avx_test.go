package tensorops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

const bnGuard = 8

// bnPassOutputs is every result of the five passes on one channels-last operand.
type bnPassOutputs struct {
	sum, dev, devSq, dy, dyDev []float64
	y, dx                      []float32
}

func runBNPasses(x, dy []float32, m, a, b, k []float64, l bnLayout) bnPassOutputs {
	var o bnPassOutputs
	o.sum = featureSums(x, l)
	o.dev, o.devSq = centredSums(x, m, l)
	o.dy, o.dyDev = gradientSums(x, dy, m, l)
	// y and dx run on past the operand into a guard, which must keep its sentinel.
	o.y, o.dx = make([]float32, len(x)+bnGuard), make([]float32, len(x)+bnGuard)
	for i := len(x); i < len(o.y); i++ {
		o.y[i], o.dx[i] = math.Float32frombits(0x7fc0dead), math.Float32frombits(0x7fc0dead)
	}
	affine(o.y[:len(x)], x, m, a, b, l)
	gradientApply(o.dx[:len(x)], x, dy, m, k, a, b, l)
	return o
}

// TestBatchNormAVXMatchesGo: the AVX kernels give bit for bit the Go loops' sums and outputs for
// 1 to 150 features (the 8-, 4- and 1-feature parts of a row in every combination, and the
// DARTS widths 36, 72, 108, 144), for no, one, a few and many pixels, on one goroutine and split
// over two. Values sit on large per-feature offsets, so the sums of deviations and their squares
// are sensitive to every rounding. Nothing is written past the operand.
func TestBatchNormAVXMatchesGo(t *testing.T) {
	if !useBNAVX {
		t.Skip("no AVX on this machine (or a purego build): only the Go loops run")
	}
	defer func() { useBNAVX = true }()
	rng := rand.New(rand.NewPCG(21, 22))
	for c := 1; c <= 150; c++ {
		split := 2*bnMinWork/c + 1 + rng.IntN(5) // enough values for splitOuter's two goroutines
		for _, pixels := range []int{0, 1, 2, 7, 37, split} {
			l := bnLayout{outer: pixels, c: c, inner: 1}
			m, a, b, k := make([]float64, c), make([]float64, c), make([]float64, c), make([]float64, c)
			offset := make([]float64, c)
			for i := range m {
				offset[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-3))
				m[i] = offset[i] + rng.NormFloat64()*1e-3*math.Abs(offset[i])
				a[i], b[i], k[i] = rng.NormFloat64()*10, rng.NormFloat64()*100, rng.NormFloat64()
			}
			x, dy := make([]float32, pixels*c), make([]float32, pixels*c)
			for i := range x {
				x[i] = float32(offset[i%c] + rng.NormFloat64())
				dy[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(5)-2)))
			}
			useBNAVX = false
			want := runBNPasses(x, dy, m, a, b, k, l)
			useBNAVX = true
			got := runBNPasses(x, dy, m, a, b, k, l)
			where := fmt.Sprintf("%d pixels of %d features", pixels, c)
			sameBits64(t, where+": Σx", got.sum, want.sum)
			sameBits64(t, where+": Σ(x−m)", got.dev, want.dev)
			sameBits64(t, where+": Σ(x−m)²", got.devSq, want.devSq)
			sameBits64(t, where+": Σdy", got.dy, want.dy)
			sameBits64(t, where+": Σdy·(x−m)", got.dyDev, want.dyDev)
			sameBits32(t, where+": y", got.y, want.y)
			sameBits32(t, where+": dx", got.dx, want.dx)
		}
	}
}

func sameBits64(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %v, the Go loop's %v", what, i, got[i], want[i])
		}
	}
}

func sameBits32(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s[%d] = %v, the Go loop's %v", what, i, got[i], want[i])
		}
	}
}

// BenchmarkBatchNormPasses runs each pass on a [96·16·16, 144] float32 operand (14 MiB), with the
// AVX kernels and with the Go loops, reporting the bytes each pass reads and writes per second.
func BenchmarkBatchNormPasses(b *testing.B) {
	const pixels, c = 96 * 16 * 16, 144
	l := bnLayout{outer: pixels, c: c, inner: 1}
	rng := rand.New(rand.NewPCG(1, 2))
	x, dy, out := make([]float32, pixels*c), make([]float32, pixels*c), make([]float32, pixels*c)
	for i := range x {
		x[i], dy[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		out[i] = 1 // touched, so no pass pays for its first page faults
	}
	m, a, bb := make([]float64, c), make([]float64, c), make([]float64, c)
	for i := range m {
		m[i], a[i], bb[i] = rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
	}
	passes := []struct {
		name    string
		volumes int // operand-sized arrays read or written
		run     func()
	}{
		{"featureSums", 1, func() { featureSums(x, l) }},
		{"centredSums", 1, func() { centredSums(x, m, l) }},
		{"gradientSums", 2, func() { gradientSums(x, dy, m, l) }},
		{"affine", 2, func() { affine(out, x, m, a, bb, l) }},
		{"gradientApply", 3, func() { gradientApply(out, x, dy, m, a, bb, m, l) }},
	}
	hasAVX := useBNAVX
	defer func() { useBNAVX = hasAVX }()
	for _, p := range passes {
		for _, avx := range []bool{true, false} {
			name := p.name + "/go"
			if avx {
				if !hasAVX {
					continue
				}
				name = p.name + "/avx"
			}
			b.Run(name, func(b *testing.B) {
				useBNAVX = avx
				bytes := int64(4 * p.volumes * len(x))
				b.SetBytes(bytes)
				for b.Loop() {
					p.run()
				}
				b.ReportMetric(float64(bytes)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}
