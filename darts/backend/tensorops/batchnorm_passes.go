package tensorops

import (
	"fmt"
	"sync"
)

// The passes over the data behind the batch norm kernels (batchnorm.go). With the features last
// (NHWC, inner 1) each pass runs over its range of the data as one flat loop, the feature index
// cycling, rather than a loop per pixel over a few features: each feature still accumulates its
// values in the same order, so the sums are bit for bit those of the per-pixel loops.

// bnLayout is an operand of dims viewed as [outer, c, inner].
type bnLayout struct{ outer, c, inner int }

func newBNLayout(dims []int, featureAxis int) bnLayout {
	if featureAxis < 0 || featureAxis >= len(dims) {
		panic(fmt.Sprintf("tensorops: batch norm feature axis %d out of range for dims %v", featureAxis, dims))
	}
	return bnLayout{outer: numElements(dims[:featureAxis]), c: dims[featureAxis],
		inner: numElements(dims[featureAxis+1:])}
}

// count is the number of values each feature's statistics are taken over.
func (l bnLayout) count() int { return l.outer * l.inner }

// bnLen is a buffer's name and length, for check.
type bnLen struct {
	name string
	n    int
}

// check panics unless the operand-shaped buffers have dims' size and the per-feature ones C.
func (l bnLayout) check(dims []int, operands []bnLen, perFeature ...bnLen) {
	for _, b := range operands {
		checkLen(b.name, b.n, numElements(dims), dims)
	}
	for _, b := range perFeature {
		checkLen(b.name, b.n, l.c, dims)
	}
}

// bnMinWork is the number of elements below which a pass stays on one goroutine: a goroutine
// start costs about as much as touching this many elements.
const bnMinWork = 1 << 15

// splitOuter runs fn over [0, outer) on one or two goroutines; part (0 or 1) tells fn which
// partial-sum set to use.
func (l bnLayout) splitOuter(fn func(part, lo, hi int)) {
	if l.outer < 2 || l.outer*l.c*l.inner < 2*bnMinWork {
		fn(0, 0, l.outer)
		return
	}
	mid := l.outer / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); fn(1, mid, l.outer) }()
	fn(0, 0, mid)
	wg.Wait()
}

// partials holds two sets (one per goroutine) of k per-feature float64 sums. The sets are
// separate allocations so the goroutines never write to the same cache line.
type partials [2][][]float64

func newPartials(k, c int) *partials {
	var p partials
	for part := range p {
		p[part] = make([][]float64, k)
		for j := range p[part] {
			p[part][j] = make([]float64, c+8) // padded past a cache line
		}
	}
	return &p
}

// total returns the j-th sum over both parts ([c] values).
func (p *partials) total(j, c int) []float64 {
	out := p[0][j][:c]
	for i, v := range p[1][j][:c] {
		out[i] += v
	}
	return out
}

// featureSums returns Σx per feature.
func featureSums[T float32 | float64](x []T, l bnLayout) []float64 {
	p := newPartials(1, l.c)
	l.splitOuter(func(part, lo, hi int) {
		s := p[part][0][:l.c]
		if l.inner == 1 { // channels last: one flat pass, the channel cycling
			if xs, ok := any(x[lo*l.c : hi*l.c]).([]float32); ok && useBNAVX {
				sumsAVX(xs, s)
				return
			}
			c := 0
			for _, v := range x[lo*l.c : hi*l.c] {
				s[c] += float64(v)
				if c++; c == len(s) {
					c = 0
				}
			}
			return
		}
		for o := lo; o < hi; o++ {
			base := o * l.c * l.inner
			for c := range s {
				var a float64
				for _, v := range x[base+c*l.inner : base+(c+1)*l.inner] {
					a += float64(v)
				}
				s[c] += a
			}
		}
	})
	return p.total(0, l.c)
}

// centredSums returns Σ(x−m) and Σ(x−m)² per feature, for a shift m per feature.
func centredSums[T float32 | float64](x []T, m []float64, l bnLayout) (sum, sumSq []float64) {
	p := newPartials(2, l.c)
	l.splitOuter(func(part, lo, hi int) {
		s1, s2 := p[part][0][:l.c], p[part][1][:l.c]
		m := m[:l.c]
		if l.inner == 1 {
			s2, m := s2[:len(s1)], m[:len(s1)]
			if xs, ok := any(x[lo*l.c : hi*l.c]).([]float32); ok && useBNAVX {
				centredAVX(xs, m, s1, s2)
				return
			}
			c := 0
			for _, v := range x[lo*l.c : hi*l.c] {
				d := float64(v) - m[c]
				s1[c] += d
				s2[c] += float64(d * d) // the conversion forbids fusing into an FMA (GOAMD64=v3)
				if c++; c == len(s1) {
					c = 0
				}
			}
			return
		}
		for o := lo; o < hi; o++ {
			base := o * l.c * l.inner
			for c := range s1 {
				mc := m[c]
				var a1, a2 float64
				for _, v := range x[base+c*l.inner : base+(c+1)*l.inner] {
					d := float64(v) - mc
					a1 += d
					a2 += d * d
				}
				s1[c] += a1
				s2[c] += a2
			}
		}
	})
	return p.total(0, l.c), p.total(1, l.c)
}

// affine writes y = (x−m)·a + b per feature (m, a, b are [C]).
func affine[T float32 | float64](y, x []T, m, a, b []float64, l bnLayout) {
	l.splitOuter(func(_, lo, hi int) {
		if l.inner == 1 {
			m, a, b := m[:l.c], a[:l.c], b[:l.c]
			xs := x[lo*l.c : hi*l.c]
			out := y[lo*l.c : lo*l.c+len(xs)]
			if x32, ok := any(xs).([]float32); ok && useBNAVX {
				affineAVX(any(out).([]float32), x32, m, a, b)
				return
			}
			c := 0
			for i, v := range xs {
				out[i] = T(float64((float64(v)-m[c])*a[c]) + b[c])
				if c++; c == len(m) {
					c = 0
				}
			}
			return
		}
		for o := lo; o < hi; o++ {
			base := o * l.c * l.inner
			for c := 0; c < l.c; c++ {
				lo, hi := base+c*l.inner, base+(c+1)*l.inner
				out := y[lo:hi]
				mc, ac, bc := m[c], a[c], b[c]
				for i, v := range x[lo:hi] {
					out[i] = T((float64(v)-mc)*ac + bc)
				}
			}
		}
	})
}

func toFloat64[T float32 | float64](v []T) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// gradientSums returns Σdy and Σdy·(x−m) per feature.
func gradientSums[T float32 | float64](x, dy []T, m []float64, l bnLayout) (sumDy, sumDyDev []float64) {
	p := newPartials(2, l.c)
	l.splitOuter(func(part, lo, hi int) {
		s1, s2 := p[part][0][:l.c], p[part][1][:l.c]
		if l.inner == 1 {
			s2, m := s2[:len(s1)], m[:len(s1)]
			xs := x[lo*l.c : hi*l.c]
			g := dy[lo*l.c : lo*l.c+len(xs)]
			if x32, ok := any(xs).([]float32); ok && useBNAVX {
				gradSumsAVX(x32, any(g).([]float32), m, s1, s2)
				return
			}
			c := 0
			for i, v := range xs {
				gc := float64(g[i])
				s1[c] += gc
				s2[c] += float64(gc * (float64(v) - m[c]))
				if c++; c == len(s1) {
					c = 0
				}
			}
			return
		}
		for o := lo; o < hi; o++ {
			base := o * l.c * l.inner
			for c := range s1 {
				lo, hi := base+c*l.inner, base+(c+1)*l.inner
				g := dy[lo:hi]
				mc := m[c]
				var a1, a2 float64
				for i, v := range x[lo:hi] {
					gi := float64(g[i])
					a1 += gi
					a2 += gi * (float64(v) - mc)
				}
				s1[c] += a1
				s2[c] += a2
			}
		}
	})
	return p.total(0, l.c), p.total(1, l.c)
}

// gradientApply writes dx = k·(dy − m1 − (x−m)·m2) per feature.
func gradientApply[T float32 | float64](dx, x, dy []T, m, k, m1, m2 []float64, l bnLayout) {
	l.splitOuter(func(_, lo, hi int) {
		if l.inner == 1 {
			m, k, m1, m2 := m[:l.c], k[:l.c], m1[:l.c], m2[:l.c]
			xs := x[lo*l.c : hi*l.c]
			g, out := dy[lo*l.c:lo*l.c+len(xs)], dx[lo*l.c:lo*l.c+len(xs)]
			if x32, ok := any(xs).([]float32); ok && useBNAVX {
				gradApplyAVX(any(out).([]float32), x32, any(g).([]float32), m, k, m1, m2)
				return
			}
			c := 0
			for i, v := range xs {
				out[i] = T(k[c] * (float64(g[i]) - m1[c] - float64((float64(v)-m[c])*m2[c])))
				if c++; c == len(m) {
					c = 0
				}
			}
			return
		}
		for o := lo; o < hi; o++ {
			base := o * l.c * l.inner
			for c := 0; c < l.c; c++ {
				lo, hi := base+c*l.inner, base+(c+1)*l.inner
				g, out := dy[lo:hi], dx[lo:hi]
				mc, kc, m1c, m2c := m[c], k[c], m1[c], m2[c]
				for i, v := range x[lo:hi] {
					out[i] = T(kc * (float64(g[i]) - m1c - (float64(v)-mc)*m2c))
				}
			}
		}
	})
}
