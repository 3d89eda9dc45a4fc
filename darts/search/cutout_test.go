package search

import "testing"

// TestSplitDataCutout: RunConfig.Cutout reaches the augmentation of both halves (train_search.py
// applies its train_transform, cutout included, to both queues); 0 keeps the given one.
func TestSplitDataCutout(t *testing.T) {
	all, err := SyntheticData(8, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range []string{FollowReference, SplitRandom} {
		cfg := PaperRunConfig(1)
		cfg.Split = split
		d, err := cfg.SplitData(all.Train, all.Augment)
		if err != nil {
			t.Fatal(err)
		}
		if d.Augment != all.Augment {
			t.Errorf("split %s, Cutout 0: augment %+v, want %+v", split, d.Augment, all.Augment)
		}
		cfg.Cutout = 8
		if d, _ = cfg.SplitData(all.Train, all.Augment); d.Augment.Cutout != 8 || d.Augment.Pad != all.Augment.Pad || d.Augment.Flip != all.Augment.Flip {
			t.Errorf("split %s, Cutout 8: augment %+v", split, d.Augment)
		}
	}
}
