package imagenet

import (
	"path/filepath"
	"testing"
)

// TestWriteToy: the folder opens as a data set with the right classes and counts, and batches
// decode from it.
func TestWriteToy(t *testing.T) {
	root := t.TempDir()
	if err := WriteToy(root, 3, 4, 2, 1); err != nil {
		t.Fatal(err)
	}
	for split, n := range map[string]int{"train": 12, "val": 6} {
		f, err := Open(filepath.Join(root, split))
		if err != nil {
			t.Fatal(err)
		}
		if f.Len() != n || f.NumClasses() != 3 || f.Classes[2] != "class02" {
			t.Errorf("%s: %d images, classes %v; want %d images of class00..class02", split, f.Len(), f.Classes, n)
		}
	}
	f, _ := Open(filepath.Join(root, "train"))
	b, err := NewBatcher(f, Config{BatchSize: 4, Transform: TrainTransform(32)})
	if err != nil {
		t.Fatal(err)
	}
	batch := b.NewBatch()
	if ok, err := b.Next(batch); !ok || err != nil {
		t.Fatalf("first batch: %v %v", ok, err)
	}
	if err := WriteToy(root, 1, 1, 1, 1); err == nil {
		t.Error("one class: want an error")
	}
}
