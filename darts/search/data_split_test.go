package search

import (
	"os"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
)

// TestConfigNeverClaimsAnotherSplit: the configuration a run folder stores must describe the data
// the search got. RunConfig.SplitData always agrees with its configuration; data split otherwise
// (the package's random SplitData under the reference's Split, the reverse, or a hand-built Data
// that does not say) is refused by Run before anything is written, and by OpenStepOf.
func TestConfigNeverClaimsAnotherSplit(t *testing.T) {
	all, err := SyntheticImages(16, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range []string{FollowReference, SplitRandom, ""} {
		cfg := tinyRunConfig(1)
		cfg.Split = split
		d, err := cfg.SplitData(all, dataset.Augment{})
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.checkSplit(d); err != nil {
			t.Errorf("Split %q: RunConfig.SplitData's own data refused: %v", split, err)
		}
	}
	random, err := SplitData(all, 0.5, 1, dataset.Augment{})
	if err != nil {
		t.Fatal(err)
	}
	synthetic, err := SyntheticData(16, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref := tinyRunConfig(1) // the reference's split, as QuickRunConfig and PaperRunConfig
	rnd := ref
	rnd.Split = SplitRandom
	inOrder, err := ref.SplitData(all, dataset.Augment{})
	if err != nil {
		t.Fatal(err)
	}
	unstated := Data{Train: inOrder.Train, Val: inOrder.Val}
	for _, tc := range []struct {
		name string
		cfg  RunConfig
		data Data
	}{
		{"reference config, SplitData", ref, random},
		{"reference config, SyntheticData", ref, synthetic},
		{"random config, in-order data", rnd, inOrder},
		{"reference config, unstated split", ref, unstated},
	} {
		dir, err := run.Create(t.TempDir() + "/run")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(nil, tc.cfg, tc.data, dir, Options{})
		if err == nil || !strings.Contains(err.Error(), "Split") {
			t.Errorf("%s: Run: %v, want a refusal naming Split", tc.name, err)
		}
		if _, serr := os.Stat(dir.File(run.ConfigFile)); serr == nil {
			t.Errorf("%s: Run wrote %s before refusing", tc.name, run.ConfigFile)
		}
		if _, err := OpenStepOf(nil, tc.cfg, tc.data, 0); err == nil || !strings.Contains(err.Error(), "Split") {
			t.Errorf("%s: OpenStepOf: %v, want a refusal naming Split", tc.name, err)
		}
	}
}
