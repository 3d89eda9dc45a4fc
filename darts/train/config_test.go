package train

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
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

// TestConfigWithSettings: a notebook's settings reach the training's fields, and one it cannot
// run (a batch of 1: batch norm needs two examples) is refused.
func TestConfigWithSettings(t *testing.T) {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	q := QuickCIFAR(g)
	c, err := q.WithSettings(run.Settings{Epochs: 2, Steps: 3, Layers: 9, Channels: 6, Batch: 5, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if c.Epochs != 2 || c.StepsPerEpoch != 3 || c.Net.Layers != 9 || c.Net.C != 6 || c.BatchSize != 5 || c.Seed != 9 {
		t.Errorf("with settings: %+v", c)
	}
	if _, err := q.WithSettings(run.Settings{Batch: 1}); err == nil {
		t.Error("batch 1 accepted")
	}
}
