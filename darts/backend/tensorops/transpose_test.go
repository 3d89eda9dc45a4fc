package tensorops

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func checkTranspose[T comparable](t *testing.T, src []T, dims, perm []int) {
	t.Helper()
	want, outDims := refTranspose(src, dims, perm)
	got := make([]T, len(src))
	Transpose(got, src, dims, perm)
	if !slices.Equal(got, want) {
		t.Fatalf("Transpose dims %v perm %v (out %v): got %v, want %v", dims, perm, outDims, got, want)
	}
}

func TestTransposeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		rank := 1 + iter%5
		dims := randDims(rng, rank, 5, true)
		perm := rng.Perm(rank)
		src := make([]int32, prod(dims))
		for i := range src {
			src[i] = int32(i) // distinct values: any misplaced element shows
		}
		checkTranspose(t, src, dims, perm)
	}
}

// TestTransposeLarge uses dims beyond tileSize (and not multiples of it) so the tiled path sees
// full tiles, partial tiles and batches.
func TestTransposeLarge(t *testing.T) {
	cases := []struct{ dims, perm []int }{
		{[]int{37, 53}, []int{1, 0}},
		{[]int{3, 5, 7, 19}, []int{0, 3, 1, 2}}, // NHWC -> NCHW
		{[]int{3, 19, 5, 7}, []int{0, 2, 3, 1}}, // NCHW -> NHWC
		{[]int{17, 2, 33}, []int{2, 1, 0}},
		{[]int{4, 18, 1, 20, 3}, []int{4, 3, 2, 1, 0}},
		{[]int{2, 40, 3, 40}, []int{1, 0, 3, 2}},
		{[]int{6, 5, 4, 3, 2}, []int{1, 3, 0, 4, 2}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.dims, c.perm), func(t *testing.T) {
			src32 := randValues[float32](rand.New(rand.NewPCG(3, 4)), prod(c.dims), false)
			checkTranspose(t, src32, c.dims, c.perm)
			src64 := randValues[float64](rand.New(rand.NewPCG(3, 4)), prod(c.dims), false)
			checkTranspose(t, src64, c.dims, c.perm)
		})
	}
}

func TestTransposeScalarAndPanics(t *testing.T) {
	dst := []float32{0}
	Transpose(dst, []float32{7}, nil, nil)
	if dst[0] != 7 {
		t.Fatalf("scalar transpose: got %v", dst)
	}
	for _, perm := range [][]int{{0}, {0, 0}, {0, 2}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("perm %v: expected panic", perm)
				}
			}()
			Transpose(make([]float32, 6), make([]float32, 6), []int{2, 3}, perm)
		}()
	}
}

func TestSimplifyPerm(t *testing.T) {
	dims, perm := simplifyPerm([]int{16, 34, 34, 64}, []int{0, 3, 1, 2})
	if !slices.Equal(dims, []int{16, 34 * 34, 64}) || !slices.Equal(perm, []int{0, 2, 1}) {
		t.Fatalf("NHWC->NCHW simplified to dims %v perm %v", dims, perm)
	}
	dims, perm = simplifyPerm([]int{1, 5, 1, 7}, []int{2, 3, 0, 1})
	if !slices.Equal(dims, []int{5, 7}) || !slices.Equal(perm, []int{1, 0}) {
		t.Fatalf("size-1 dropping simplified to dims %v perm %v", dims, perm)
	}
}
