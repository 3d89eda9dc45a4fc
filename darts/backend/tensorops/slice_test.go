package tensorops

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// refSlice reads every output element by its multi-index.
func refSlice[T any](src []T, dims, starts, strides, out []int) []T {
	dst := make([]T, prod(out))
	for f := range dst {
		idx := unravel(f, out)
		for i := range idx {
			idx[i] = starts[i] + idx[i]*strides[i]
		}
		dst[f] = src[ravel(idx, dims)]
	}
	return dst
}

func TestSliceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for iter := range 3000 {
		rank := iter % 5
		dims := randDims(rng, rank, 6, true)
		starts, limits, strides := make([]int, rank), make([]int, rank), make([]int, rank)
		for i, d := range dims {
			starts[i] = rng.IntN(d + 1)
			limits[i] = starts[i] + rng.IntN(d-starts[i]+1)
			strides[i] = 1 + rng.IntN(3)
		}
		src := make([]int32, prod(dims))
		for i := range src {
			src[i] = int32(i)
		}
		out, err := SliceShape(dims, starts, limits, strides)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]int32, prod(out))
		Slice(got, src, dims, starts, limits, strides)
		if want := refSlice(src, dims, starts, strides, out); !slices.Equal(got, want) {
			t.Fatalf("Slice dims %v [%v:%v:%v]: got %v, want %v", dims, starts, limits, strides, got, want)
		}
	}
}

func TestSliceShapeErrors(t *testing.T) {
	for _, c := range []struct {
		starts, limits, strides []int
		want                    string
	}{
		{[]int{0, 0}, []int{3, 5}, nil, "axis 1 (size 4): invalid slice [0:5:1]"},
		{[]int{2, 0}, []int{1, 4}, nil, "axis 0 (size 3): invalid slice [2:1:1]"},
		{[]int{0, 0}, []int{3, 4}, []int{1, 0}, "axis 1 (size 4): invalid slice [0:4:0]"},
		{[]int{0}, []int{3, 4}, nil, "slice of rank 2: got 1 starts"},
	} {
		_, err := SliceShape([]int{3, 4}, c.starts, c.limits, c.strides)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SliceShape(%v, %v, %v): got %v, want an error containing %q", c.starts, c.limits, c.strides, err, c.want)
		}
	}
}

// TestConcatenateRandom: random shapes, axes and input counts (also empty inputs), and, in the
// last 30 trials, NHWC cell outputs (channels joined, or rows) of realistic sizes.
func TestConcatenateRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for iter := range 2030 {
		rank := 1 + iter%4
		axis := rng.IntN(rank)
		base := randDims(rng, rank, 4, true)
		maxLen := 4
		if iter >= 2000 {
			rank, axis, maxLen = 4, 1+2*rng.IntN(2), 40
			base = []int{1 + rng.IntN(5), 9 + rng.IntN(12), 9 + rng.IntN(12), 1 + rng.IntN(40)}
		}
		k := 1 + rng.IntN(4)
		srcs, dims := make([][]float64, k), make([][]int, k)
		outDims := slices.Clone(base)
		outDims[axis] = 0
		for j := range k {
			dims[j] = slices.Clone(base)
			dims[j][axis] = rng.IntN(maxLen)
			outDims[axis] += dims[j][axis]
			srcs[j] = randValues[float64](rng, prod(dims[j]), false)
		}
		got := make([]float64, prod(outDims))
		Concatenate(got, srcs, dims, axis)
		// Reference: every output element found in the input that covers its index on axis.
		for f := range got {
			idx := unravel(f, outDims)
			j, at := 0, idx[axis]
			for at >= dims[j][axis] {
				at -= dims[j][axis]
				j++
			}
			idx[axis] = at
			if want := srcs[j][ravel(idx, dims[j])]; got[f] != want {
				t.Fatalf("Concatenate %v on axis %d: element %v = %v, want %v", dims, axis, unravel(f, outDims), got[f], want)
			}
		}
	}
}
