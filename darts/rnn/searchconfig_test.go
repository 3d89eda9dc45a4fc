package rnn

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestSearchConfigOptimiser: the paper's search configuration gives exactly PaperArchitect's
// step; its optimiser settings change the step; a configuration stored before they were fields
// reads the values it ran with.
func TestSearchConfigOptimiser(t *testing.T) {
	for _, order := range []int{1, 2} {
		c := PaperSearchConfig(order, 100)
		c.MoveEmbedding = order == 2
		if got, want := c.Architect(), PaperArchitect(order, c.MoveEmbedding); !reflect.DeepEqual(got, want) {
			t.Errorf("order %d: Architect() = %+v, want PaperArchitect's %+v", order, got, want)
		}
	}
	c := PaperSearchConfig(1, 100)
	c.WeightDecay, c.Clip, c.ArchLR, c.ArchWeightDecay = 1e-6, 0.5, 1e-2, 2e-3
	a := c.Architect()
	if a.WeightOpt.WeightDecay != 1e-6 || a.GradClip != 0.5 || a.ArchOpt.LR != 1e-2 || a.ArchOpt.WeightDecay != 2e-3 {
		t.Errorf("Architect() ignores the configuration: %+v", a)
	}
	var old SearchConfig
	if err := json.Unmarshal([]byte(`{"order": 1, "epochs": 50, "lr": 20}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.Beta != Beta || old.Alpha != 0 {
		t.Errorf("an older configuration reads beta %g, alpha %g; want the reference's 1e-3, 0", old.Beta, old.Alpha)
	}
	if c.Architect().WeightLoss != nil {
		t.Error("Architect() with the paper's beta and alpha sets WeightLoss (the searcher's default is the same loss)")
	}
	c.Alpha = 1
	if c.Architect().WeightLoss == nil {
		t.Error("Architect() with alpha 1 leaves WeightLoss to the searcher's default (alpha 0)")
	}
	if old.WeightDecay != 5e-7 || old.Clip != 0.25 || old.ArchLR != 3e-3 || old.ArchWeightDecay != 1e-3 {
		t.Errorf("an older configuration reads weight decay %g, clip %g, α lr %g, α weight decay %g; want the reference's 5e-7, 0.25, 3e-3, 1e-3",
			old.WeightDecay, old.Clip, old.ArchLR, old.ArchWeightDecay)
	}
}
