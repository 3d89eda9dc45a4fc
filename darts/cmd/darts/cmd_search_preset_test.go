package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/search"
)

// TestSearchPreset: -preset pcdarts starts from PC-DARTS's settings (with -quick, quick's sizes),
// flags given as well override them, config.json records the preset, and a resume that changes
// the preset (or leaves it out: the default darts) is refused; an unknown preset is a usage error.
func TestSearchPreset(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search")
	}
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"search", "-out", out, "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4",
		"-epochs", "1", "-steps-per-epoch", "1", "-preset", "pcdarts", "-lr", "0.05", "-edge-norm=false"}
	if code, _, errOut := call(args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cfg search.RunConfig
	data, _ := os.ReadFile(filepath.Join(out, "config.json"))
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	want, err := search.PresetRunConfig(search.PresetPCDARTS, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != search.PresetPCDARTS || cfg.Net.PartialChannels != 4 || cfg.LRMin != 0 || cfg.ArchLR != want.ArchLR ||
		cfg.ArchWarmupEpochs != want.ArchWarmupEpochs || want.ArchWarmupEpochs != 1 {
		t.Errorf("config.json %s: not PC-DARTS's quick settings %+v", data, want)
	}
	if cfg.LR != 0.05 || cfg.Net.EdgeNorm || cfg.Net.C != 4 || cfg.BatchSize != 4 || cfg.Epochs != 1 {
		t.Errorf("config.json %s: the flags given do not override the preset", data)
	}

	if code, _, errOut := call(append(args, "-resume")...); code != 0 {
		t.Errorf("resume with the same flags: exit %d: %s", code, errOut)
	}
	for _, tc := range []struct {
		flags []string
		diff  string
	}{
		{[]string{"-preset", "darts"}, `preset: "pcdarts" → (none)`},
		{[]string{"-preset", "pcdarts", "-partial-channels", "2"}, "net.partial_channels: 4 → 2;"},
	} {
		resume := append([]string{"search", "-out", out, "-resume", "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4",
			"-batch", "4", "-epochs", "1", "-steps-per-epoch", "1", "-lr", "0.05", "-edge-norm=false"}, tc.flags...)
		code, _, errOut := call(resume...)
		if code != 2 || !strings.Contains(errOut, "(stored → flags): ") || !strings.Contains(errOut, tc.diff) {
			t.Errorf("resume with %v: exit %d, stderr %s; want a refusal naming %s", tc.flags, code, errOut, tc.diff)
		}
	}
	// A PC-DARTS flag alone is compared too (it was ignored on resume).
	if code, _, errOut := call("search", "-out", out, "-resume", "-arch-warmup", "3"); code != 2 || !strings.Contains(errOut, "arch_warmup_epochs: 1 → 3") {
		t.Errorf("resume with -arch-warmup 3 alone: exit %d, stderr %s", code, errOut)
	}
	code, _, errOut := call("search", "-out", filepath.Join(t.TempDir(), "x"), "-data", "synthetic", "-preset", "enas")
	if code != 2 || !strings.Contains(errOut, "-preset enas: want darts or pcdarts") {
		t.Errorf("-preset enas: exit %d, stderr %s", code, errOut)
	}
}
