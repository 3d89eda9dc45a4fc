package genotype

import (
	"math"
	"testing"
)

// TestSoftmax: known values, shift invariance, and no overflow at logits far beyond exp's range.
func TestSoftmax(t *testing.T) {
	got := Softmax([]float64{0, math.Log(3)})
	if math.Abs(got[0]-0.25) > 1e-15 || math.Abs(got[1]-0.75) > 1e-15 {
		t.Errorf("Softmax(0, ln 3) = %v, want [0.25 0.75]", got)
	}
	shifted := Softmax([]float64{1000, 1000 + math.Log(3)})
	for i := range got {
		if math.Abs(shifted[i]-got[i]) > 1e-12 {
			t.Errorf("Softmax shifted by 1000 = %v, want %v", shifted, got)
		}
	}
}
