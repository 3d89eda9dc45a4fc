package search

import (
	"reflect"
	"testing"
	"time"

	"github.com/dartsml/godarts/darts/run"
)

func TestModeRunConfig(t *testing.T) {
	for _, tc := range []struct {
		mode string
		want RunConfig
	}{{"", QuickRunConfig(2)}, {"quick", QuickRunConfig(2)}, {"paper", PaperRunConfig(2)}} {
		got, err := ModeRunConfig(tc.mode, 2)
		if err != nil || got.Epochs != tc.want.Epochs || !reflect.DeepEqual(got.Net, tc.want.Net) || got.Order != 2 {
			t.Errorf("mode %q: %+v, %v", tc.mode, got, err)
		}
	}
	if _, err := ModeRunConfig("fast", 1); err == nil {
		t.Error(`mode "fast" accepted`)
	}
}

func TestQuickConfigsAreValidAndSmall(t *testing.T) {
	for _, c := range []RunConfig{QuickRunConfig(1), QuickRunConfig(2), QuickAblationRunConfig("alternating"),
		QuickAblationRunConfig("simultaneous")} {
		if err := c.Validate(); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
		// The notebook's budget: a few dozen steps, never a pass over the data.
		if c.StepsPerEpoch == 0 || c.TotalSteps(6000) > 40 {
			t.Errorf("quick config runs %d steps", c.TotalSteps(6000))
		}
	}
	if c := QuickAblationRunConfig("simultaneous"); c.Mode != "simultaneous" || c.Order != 1 || !reflect.DeepEqual(c.Net, QuickRunConfig(1).Net) {
		t.Errorf("ablation config %+v", c)
	}
}

func TestTotalStepsAndEstimate(t *testing.T) {
	p := PaperRunConfig(1)
	// The paper: 25,000 weight images in batches of 64 (the last partial batch dropped), 50 epochs.
	if n := p.TotalSteps(25000); n != 50*390 {
		t.Errorf("paper steps %d, want %d", n, 50*390)
	}
	if d := p.EstimateDuration(25000, 2); d != 39000*time.Second {
		t.Errorf("estimate %v", d)
	}
	q := QuickRunConfig(1)
	if n := q.TotalSteps(25000); n != q.Epochs*q.StepsPerEpoch {
		t.Errorf("quick steps %d", n)
	}
}

func TestAblationRunConfig(t *testing.T) {
	c, err := AblationRunConfig("quick", "alternating")
	if err != nil || !reflect.DeepEqual(c, QuickAblationRunConfig("alternating")) {
		t.Errorf("quick: %+v, %v", c, err)
	}
	c, err = AblationRunConfig("paper", "simultaneous")
	if err != nil || c.Mode != "simultaneous" || c.Epochs != 50 || c.Order != 1 {
		t.Errorf("paper: %+v, %v", c, err)
	}
	if _, err := AblationRunConfig("quick", "greedy"); err == nil {
		t.Error(`ablation "greedy" accepted`)
	}
}

// TestRunConfigWithSettings: a notebook's settings reach the search's fields, zeros keep the
// mode's, and a negative count is refused.
func TestRunConfigWithSettings(t *testing.T) {
	q := QuickRunConfig(1)
	c, err := q.WithSettings(run.Settings{Epochs: 2, Steps: 3, Layers: 4, Channels: 6, Batch: 5, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if c.Epochs != 2 || c.StepsPerEpoch != 3 || c.Net.Layers != 4 || c.Net.C != 6 || c.BatchSize != 5 || c.Seed != 9 {
		t.Errorf("with settings: %+v", c)
	}
	if c, err = q.WithSettings(run.Settings{}); err != nil || !reflect.DeepEqual(c, q) {
		t.Errorf("empty settings changed the configuration: %+v, %v", c, err)
	}
	if _, err := q.WithSettings(run.Settings{Steps: -1}); err == nil {
		t.Error("negative steps per epoch accepted")
	}
}
