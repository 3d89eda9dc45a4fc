package tensorops

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestReverseRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for iter := range 3000 {
		rank := 1 + iter%5
		dims := randDims(rng, rank, 5, true)
		var axes []int
		for a := range rank {
			if rng.IntN(2) == 0 {
				axes = append(axes, a)
			}
		}
		rng.Shuffle(len(axes), func(i, j int) { axes[i], axes[j] = axes[j], axes[i] })
		src := make([]int32, prod(dims))
		for i := range src {
			src[i] = int32(i)
		}
		want := refReverse(src, dims, axes)
		got := make([]int32, len(src))
		Reverse(got, src, dims, axes)
		if !slices.Equal(got, want) {
			t.Fatalf("Reverse dims %v axes %v: got %v, want %v", dims, axes, got, want)
		}
	}
}

func TestReverseAxisSets(t *testing.T) {
	dims := []int{3, 5, 4, 6}
	for _, axes := range [][]int{nil, {0}, {3}, {1, 2}, {2, 1}, {0, 3}, {0, 1, 2, 3}, {1, 3}, {2, 2}} {
		t.Run(fmt.Sprint(axes), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			src := randValues[float32](rng, prod(dims), false)
			got := make([]float32, len(src))
			Reverse(got, src, dims, axes)
			if want := refReverse(src, dims, dedup(axes)); !slices.Equal(got, want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			src64 := randValues[float64](rng, prod(dims), false)
			got64 := make([]float64, len(src64))
			Reverse(got64, src64, dims, axes)
			if want := refReverse(src64, dims, dedup(axes)); !slices.Equal(got64, want) {
				t.Fatalf("float64: got %v, want %v", got64, want)
			}
		})
	}
}

// dedup removes repeated axes: listing an axis twice still reverses it once (as a set).
func dedup(axes []int) []int {
	s := slices.Clone(axes)
	slices.Sort(s)
	return slices.Compact(s)
}
