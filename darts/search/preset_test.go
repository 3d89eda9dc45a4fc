package search

import (
	"reflect"
	"strings"
	"testing"
)

// TestPresetRunConfig: darts is PaperRunConfig (QuickRunConfig with quick), pcdarts is
// PCDARTSRunConfig at the order asked (with quick: quick's sizes, 100× the α learning rate, the
// warm-up's share of the epochs); anything else is refused, by PresetRunConfig and by Validate.
func TestPresetRunConfig(t *testing.T) {
	for _, tc := range []struct {
		preset string
		order  int
		quick  bool
		want   RunConfig
	}{
		{"", 1, false, PaperRunConfig(1)},
		{PresetDARTS, 2, false, PaperRunConfig(2)},
		{PresetDARTS, 1, true, QuickRunConfig(1)},
		{PresetPCDARTS, 1, false, PCDARTSRunConfig()},
	} {
		got, err := PresetRunConfig(tc.preset, tc.order, tc.quick)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("PresetRunConfig(%q, %d, %v) = %+v, %v; want %+v", tc.preset, tc.order, tc.quick, got, err, tc.want)
		}
	}
	pc, _ := PresetRunConfig(PresetPCDARTS, 2, false)
	if want := PCDARTSRunConfig(); pc.Order != 2 || pc.LR != want.LR || pc.BatchSize != 256 || pc.Preset != PresetPCDARTS {
		t.Errorf("pcdarts, order 2: %+v", pc)
	}
	q, _ := PresetRunConfig(PresetPCDARTS, 1, true)
	quick := QuickRunConfig(1)
	if q.Net.C != quick.Net.C || q.Net.Layers != quick.Net.Layers || q.BatchSize != quick.BatchSize || q.Epochs != quick.Epochs ||
		q.StepsPerEpoch != quick.StepsPerEpoch || q.EvalBatches != quick.EvalBatches || q.ArchLR != 0.06 ||
		q.ArchWarmupEpochs != 1 || q.Net.PartialChannels != 4 || !q.Net.EdgeNorm || q.LR != 0.1 || q.LRMin != 0 {
		t.Errorf("quick pcdarts: %+v", q)
	}
	if err := q.Validate(); err != nil {
		t.Errorf("quick pcdarts: %v", err)
	}
	if _, err := PresetRunConfig("enas", 1, false); err == nil || !strings.Contains(err.Error(), `preset "enas"`) {
		t.Errorf("enas: %v", err)
	}
	q.Preset = "enas"
	if err := q.Validate(); err == nil || !strings.Contains(err.Error(), `Preset="enas"`) {
		t.Errorf("Validate of Preset enas: %v", err)
	}
}
