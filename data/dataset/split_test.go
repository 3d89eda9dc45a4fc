package dataset

import "testing"

func TestSearchSplit(t *testing.T) {
	// One class per image, so a label names its image.
	ds := synth(t, 101, 2, 2, 1, 101)
	a, b, err := SearchSplit(ds, 0.5, 42)
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 50 || b.Len() != 51 {
		t.Fatalf("halves of %d and %d", a.Len(), b.Len())
	}
	seen := make([]int, ds.Len())
	for _, h := range []*Images{a, b} {
		for i, l := range h.Labels {
			seen[l]++
			if i > 0 && h.Labels[i-1] >= l {
				t.Fatalf("%s not in file order: %v", h.Name, h.Labels)
			}
			if h.Image(i)[0] != ds.Image(int(l))[0] {
				t.Fatalf("%s: image %d has the wrong pixels", h.Name, i)
			}
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("image %d in %d halves", i, n)
		}
	}
	inOrder := true
	for i, l := range a.Labels {
		inOrder = inOrder && int(l) == i
	}
	if inOrder {
		t.Error("first half is the first 50 images: no permutation")
	}
	a2, _, _ := SearchSplit(ds, 0.5, 42)
	a3, _, _ := SearchSplit(ds, 0.5, 43)
	same, differ := true, false
	for i := range a.Labels {
		same = same && a.Labels[i] == a2.Labels[i]
		differ = differ || a.Labels[i] != a3.Labels[i]
	}
	if !same || !differ {
		t.Errorf("split not a function of the seed: same seed equal %v, other seed differs %v", same, differ)
	}
	if _, _, err := SearchSplit(ds, 1, 0); err == nil {
		t.Error("portion 1 accepted")
	}
}

func TestSplitInOrder(t *testing.T) {
	ds := synth(t, 10, 1, 1, 1, 10)
	a, b, err := SplitInOrder(ds, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if a.Labels[i] != int32(i) || b.Labels[i] != int32(5+i) {
			t.Fatalf("labels %v / %v", a.Labels, b.Labels)
		}
	}
}
