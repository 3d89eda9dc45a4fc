package train

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
)

// TestEpochLRDecayPeriod: the exponential schedule decays by Gamma every DecayPeriod epochs, as
// PyTorch's StepLR(step_size=DecayPeriod, gamma=Gamma) with the reference's scheduler step at
// each epoch's start (ScheduleOffset 1); 0, as older configurations, is a period of 1.
func TestEpochLRDecayPeriod(t *testing.T) {
	c := PaperImageNet(genotype.Genotype{})
	for _, tc := range []struct {
		period int
		want   []float64 // exponents of Gamma for epochs 0..5
	}{
		{0, []float64{1, 2, 3, 4, 5, 6}},
		{1, []float64{1, 2, 3, 4, 5, 6}},
		{2, []float64{0, 1, 1, 2, 2, 3}},
		{3, []float64{0, 0, 1, 1, 1, 2}},
	} {
		c.DecayPeriod = tc.period
		for e, k := range tc.want {
			if got, want := c.EpochLR(e), c.LR*math.Pow(c.Gamma, k); math.Abs(got-want) > 1e-12 {
				t.Errorf("DecayPeriod %d, epoch %d: lr %g, want %g (LR·γ^%g)", tc.period, e, got, want, k)
			}
		}
	}
}
