package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTranscendentalsMatchMath: Exp, Logistic and Tanh give package math's float64 value rounded
// to float32, bit for bit, over random inputs of every magnitude the networks produce (and far
// beyond), the specials (±0, ±Inf, NaN, the overflow and underflow edges) and every length's
// scalar tail.
func TestTranscendentalsMatchMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	var xs []float32
	for _, x := range []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e-30, -1e-30,
		1e-5, -1e-5, 9.99e-5, 1.01e-4, 0.5, -0.5, 88.72, 88.73, 89, -87.3, -103.9, -104, -150, 200, -200, 1e6, -1e6,
		math.MaxFloat32, -math.MaxFloat32, 1.4e-45} {
		xs = append(xs, float32(x))
	}
	for range 1 << 20 {
		scale := math.Pow(10, rng.Float64()*6-4) // 1e-4 .. 1e2
		xs = append(xs, float32(rng.NormFloat64()*scale))
	}
	for _, f := range []struct {
		name   string
		vector func(dst, src []float32)
		exact  func(float64) float64
	}{
		{"Exp", Exp, math.Exp},
		{"Logistic", Logistic, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }},
		{"Tanh", Tanh, math.Tanh},
	} {
		for _, n := range []int{len(xs), 1, 3, 5, 7} {
			got := make([]float32, n)
			f.vector(got, xs[:n])
			for i, x := range xs[:n] {
				want := float32(f.exact(float64(x)))
				if math.Float32bits(got[i]) != math.Float32bits(want) && !(want != want && got[i] != got[i]) {
					t.Fatalf("%s(%g) = %g (%#x), want %g (%#x)", f.name, x, got[i], math.Float32bits(got[i]), want, math.Float32bits(want))
				}
			}
		}
	}
}

func BenchmarkTranscendentals(b *testing.B) {
	src, dst := make([]float32, 1<<16), make([]float32, 1<<16)
	for i := range src {
		src[i] = float32(i%2000)/100 - 10
	}
	for _, f := range []struct {
		name string
		fn   func(dst, src []float32)
	}{{"Exp", Exp}, {"Logistic", Logistic}, {"Tanh", Tanh}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(8 * len(src)))
			for b.Loop() {
				f.fn(dst, src)
			}
		})
	}
}
