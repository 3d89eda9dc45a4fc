package rnn

import (
	"reflect"
	"strings"
	"testing"
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
