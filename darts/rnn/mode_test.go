package rnn

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/run"
)

func TestModeConfigs(t *testing.T) {
	g := dartsCell(t)
	for _, mode := range []string{"", "quick", "paper"} {
		s, err := ModeSearchConfig(mode, 2, 100)
		want := QuickSearchConfig(2, 100)
		if mode == "paper" {
			want = PaperSearchConfig(2, 100)
		}
		if err != nil || !reflect.DeepEqual(s, want) {
			t.Errorf("ModeSearchConfig(%q) = %+v, %v; want %+v", mode, s, err, want)
		}
		tr, err := ModeTrainConfig(mode, g, 100, true)
		wantTr := QuickTrainConfig(g, 100)
		if mode == "paper" {
			wantTr = PaperTrainConfig(g, 100, true)
		}
		if err != nil || !reflect.DeepEqual(tr, wantTr) {
			t.Errorf("ModeTrainConfig(%q) = %+v, %v; want %+v", mode, tr, err, wantTr)
		}
	}
	if _, err := ModeSearchConfig("fast", 1, 100); err == nil || !strings.Contains(err.Error(), `"fast"`) {
		t.Errorf("ModeSearchConfig(fast): %v", err)
	}
	if _, err := ModeTrainConfig("fast", g, 100, false); err == nil || !strings.Contains(err.Error(), `"fast"`) {
		t.Errorf("ModeTrainConfig(fast): %v", err)
	}
}

// TestConfigsWithSettings: a notebook's settings reach the recurrent search's and training's
// fields (Channels is the units), and Layers, which they do not have, is refused by name.
func TestConfigsWithSettings(t *testing.T) {
	set := run.Settings{Epochs: 2, Steps: 3, Channels: 12, Batch: 5, Seed: 9}
	s, err := QuickSearchConfig(1, 100).WithSettings(set)
	if err != nil || s.Epochs != 2 || s.StepsPerEpoch != 3 || s.Net.Hidden != 12 || s.BatchSize != 5 || s.Seed != 9 {
		t.Errorf("search with settings: %+v, %v", s, err)
	}
	tr, err := QuickTrainConfig(dartsCell(t), 100).WithSettings(set)
	if err != nil || tr.Epochs != 2 || tr.StepsPerEpoch != 3 || tr.Net.Hidden != 12 || tr.BatchSize != 5 || tr.Seed != 9 {
		t.Errorf("training with settings: %+v, %v", tr, err)
	}
	if _, err := QuickSearchConfig(1, 100).WithSettings(run.Settings{Layers: 3}); err == nil || !strings.Contains(err.Error(), "no Layers") {
		t.Errorf("Layers on a recurrent search: %v", err)
	}
}
