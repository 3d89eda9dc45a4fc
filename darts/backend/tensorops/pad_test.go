package tensorops

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func randPadAxes(rng *rand.Rand, rank int) []PadAxis {
	axes := make([]PadAxis, rng.IntN(rank+1)) // may configure fewer axes than the rank
	for i := range axes {
		if rng.IntN(4) == 0 {
			continue // leave some axes unpadded, so trailing runs get merged
		}
		axes[i] = PadAxis{Start: rng.IntN(7) - 3, End: rng.IntN(7) - 3, Interior: rng.IntN(3)}
	}
	return axes
}

// checkPad compares Pad with refPad; src[0] is a poison value (not part of the data) that
// pre-fills dst so unwritten elements show.
func checkPad[T comparable](t *testing.T, src []T, dims []int, fill T, axes []PadAxis) bool {
	t.Helper()
	poison, src := src[0], src[1:]
	want, wantDims, ok := refPad(src, dims, fill, axes)
	gotDims, err := PadShape(dims, axes)
	if ok != (err == nil) {
		t.Fatalf("PadShape(%v, %v): err=%v, reference valid=%v", dims, axes, err, ok)
	}
	if !ok {
		return false
	}
	if !slices.Equal(gotDims, wantDims) {
		t.Fatalf("PadShape(%v, %v) = %v, want %v", dims, axes, gotDims, wantDims)
	}
	got := make([]T, len(want))
	for i := range got {
		got[i] = poison // Pad must overwrite every element
	}
	Pad(got, src, dims, fill, axes)
	if msg := diff(got, want); msg != "" {
		t.Fatalf("Pad dims %v axes %v: %s", dims, axes, msg)
	}
	return true
}

func TestPadRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	valid := 0
	for iter := range 4000 {
		rank := 1 + iter%5
		dims := randDims(rng, rank, 5, true)
		axes := randPadAxes(rng, rank)
		// src[0] is a poison value distinct from all data and from fill.
		src := make([]int16, 1+prod(dims))
		src[0] = -2
		for i := 1; i < len(src); i++ {
			src[i] = int16(i)
		}
		if checkPad(t, src, dims, -1, axes) {
			valid++
		}
	}
	if valid < 1000 {
		t.Fatalf("only %d valid random configurations; the generator is too harsh", valid)
	}
}

func TestPadDARTSShapes(t *testing.T) {
	cases := []struct {
		dims []int
		axes []PadAxis
	}{
		{[]int{2, 9, 9, 5}, []PadAxis{{}, {1, 1, 0}, {1, 1, 0}}},            // same-padding a conv input
		{[]int{2, 9, 9, 5}, []PadAxis{{}, {-1, -1, 0}, {-1, -1, 0}}},        // gradient of that: crop
		{[]int{2, 5, 5, 3}, []PadAxis{{}, {2, 2, 1}, {2, 2, 1}}},            // strided-conv gradient
		{[]int{2, 5, 5, 3}, []PadAxis{{}, {0, 0, 0}, {0, 0, 0}, {1, 0, 0}}}, // innermost only
		{[]int{4, 6}, []PadAxis{{-3, 2, 2}, {2, -4, 1}}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.dims, c.axes), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			src32 := append([]float32{-99}, randValues[float32](rng, prod(c.dims), false)...)
			checkPad(t, src32, c.dims, 0, c.axes)
			src64 := append([]float64{-99}, randValues[float64](rng, prod(c.dims), false)...)
			checkPad(t, src64, c.dims, 0.5, c.axes)
		})
	}
}

func TestPadShapeErrors(t *testing.T) {
	cases := []struct {
		dims []int
		axes []PadAxis
		msg  string
	}{
		{[]int{3}, []PadAxis{{-2, -2, 0}}, "negative dimension -1"},
		{[]int{3, 4}, []PadAxis{{}, {0, -5, 0}}, "axis 1"},
		{[]int{3}, []PadAxis{{}, {}}, "2 axes configured for rank-1"},
		{[]int{3}, []PadAxis{{0, 0, -1}}, "negative interior"},
	}
	for _, c := range cases {
		_, err := PadShape(c.dims, c.axes)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("PadShape(%v, %v): err %v, want mention of %q", c.dims, c.axes, err, c.msg)
		}
	}
	// Cropping exactly to zero is legal.
	if d, err := PadShape([]int{3}, []PadAxis{{-1, -2, 0}}); err != nil || d[0] != 0 {
		t.Errorf("crop to empty: dims %v err %v", d, err)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Pad with invalid axes should panic")
		}
	}()
	Pad(make([]float32, 0), make([]float32, 3), []int{3}, 0, []PadAxis{{-2, -2, 0}})
}
