package train

import (
	"encoding/json"
	"testing"
)

// TestCutout: the paper's CIFAR training has cutout 16 in its augmentation, ImageNet's none; a
// configuration stored before Cutout was a field reads what it trained with.
func TestCutout(t *testing.T) {
	g := darts2(t)
	if c := PaperCIFAR(g); c.Cutout != 16 || c.CIFARAugment().Cutout != 16 || !c.CIFARAugment().Flip || c.CIFARAugment().Pad != 4 {
		t.Errorf("PaperCIFAR: cutout %d, augment %+v", c.Cutout, c.CIFARAugment())
	}
	c := QuickCIFAR(g)
	c.Cutout = 0
	if a := c.CIFARAugment(); a.Cutout != 0 {
		t.Errorf("cutout 0: augment %+v", a)
	}
	for _, tc := range []struct {
		cfg  Config
		drop bool // remove "cutout" from the stored JSON, as runs stored before it
		want int
	}{
		{PaperCIFAR(g), true, 16},
		{c, false, 0},
		{PaperImageNet(g), true, 0},
	} {
		data, err := json.Marshal(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if tc.drop {
			var m map[string]json.RawMessage
			json.Unmarshal(data, &m)
			delete(m, "cutout")
			data, _ = json.Marshal(m)
		}
		var got Config
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if got.Cutout != tc.want {
			t.Errorf("%s (cutout key dropped: %v): read cutout %d, want %d", tc.cfg.Net.Kind, tc.drop, got.Cutout, tc.want)
		}
	}
}
