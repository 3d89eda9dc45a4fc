package dataset

import "math/bits"

// RNG is a SplitMix64 generator. Its whole state is the one exported number, which is why it is
// used here instead of math/rand: a Batcher checkpoint stores it as a plain integer, and the
// stream it continues with is the same on every platform and Go release.
type RNG struct {
	State uint64
}

const golden = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 output function, a good 64-bit hash on its own.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// NewRNG returns a generator for seed.
func NewRNG(seed uint64) RNG { return RNG{State: mix64(seed)} }

// derive returns a seed for an independent stream named by (seed, stream, i); the Batcher keys
// each epoch's permutation this way, so an epoch's order never depends on what came before it.
func derive(seed, stream, i uint64) uint64 {
	return mix64(mix64(seed^mix64(stream+golden)) + i*golden)
}

// Uint64 returns the next 64 random bits.
func (r *RNG) Uint64() uint64 {
	r.State += golden
	return mix64(r.State)
}

// Intn returns a uniform integer in [0, n), n > 0, without modulo bias (Lemire's
// multiply-and-reject).
func (r *RNG) Intn(n int) int {
	if n <= 0 {
		panic("dataset: RNG.Intn with n <= 0")
	}
	bound := uint64(n)
	hi, lo := bits.Mul64(r.Uint64(), bound)
	if lo < bound {
		threshold := -bound % bound
		for lo < threshold {
			hi, lo = bits.Mul64(r.Uint64(), bound)
		}
	}
	return int(hi)
}

// Bool returns a fair coin flip.
func (r *RNG) Bool() bool { return r.Uint64()>>63 == 1 }

// Perm fills p with a uniform random permutation of 0..len(p)-1 (Fisher–Yates).
func (r *RNG) Perm(p []int) {
	for i := range p {
		p[i] = i
	}
	for i := len(p) - 1; i > 0; i-- {
		j := r.Intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
