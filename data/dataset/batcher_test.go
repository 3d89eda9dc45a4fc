package dataset

import (
	"encoding/json"
	"slices"
	"testing"
)

func newTestBatcher(t testing.TB, ds *Images, cfg Config) *Batcher {
	t.Helper()
	b, err := NewBatcher(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBatcherEpoch(t *testing.T) {
	ds := synth(t, 103, 4, 4, 3, 103)
	b := newTestBatcher(t, ds, Config{BatchSize: 10, Seed: 1, Shuffle: true})
	if b.BatchesPerEpoch() != 10 {
		t.Fatalf("BatchesPerEpoch = %d", b.BatchesPerEpoch())
	}
	var orders [][]int
	for epoch := 0; epoch < 3; epoch++ {
		var order []int
		steps := 0
		for batch := range b.All() {
			if batch.Size != 10 || batch.Epoch != epoch || batch.Step != steps {
				t.Fatalf("batch size %d epoch %d step %d, want 10 %d %d", batch.Size, batch.Epoch, batch.Step, epoch, steps)
			}
			for j, i := range batch.Index {
				if batch.Labels[j] != int32(i) {
					t.Fatalf("row %d: label %d for image %d", j, batch.Labels[j], i)
				}
				if !slices.Equal(batch.Images[j*48:(j+1)*48], ds.Image(i)) {
					t.Fatalf("row %d: pixels are not image %d", j, i)
				}
			}
			order = append(order, batch.Index...)
			steps++
		}
		if steps != 10 || b.Epoch() != epoch+1 {
			t.Fatalf("epoch %d: %d steps, now at epoch %d", epoch, steps, b.Epoch())
		}
		if len(order) != 100 || len(slices.Compact(slices.Sorted(slices.Values(order)))) != 100 {
			t.Fatalf("epoch %d repeats images", epoch)
		}
		orders = append(orders, order)
	}
	if slices.Equal(orders[0], orders[1]) {
		t.Error("epochs 0 and 1 have the same order")
	}
}

func TestBatcherNoShuffleKeepPartial(t *testing.T) {
	ds := synth(t, 25, 2, 2, 1, 25)
	b := newTestBatcher(t, ds, Config{BatchSize: 10, KeepPartial: true})
	var sizes []int
	var order []int
	for batch := range b.All() {
		sizes = append(sizes, batch.Size)
		order = append(order, batch.Index...)
	}
	if !slices.Equal(sizes, []int{10, 10, 5}) {
		t.Errorf("sizes %v", sizes)
	}
	for i, v := range order {
		if v != i {
			t.Fatalf("unshuffled order %v", order)
		}
	}
}

// Saving the state anywhere (mid-epoch, at an epoch's end, after a wrap-around) and restoring it
// into a fresh Batcher must give exactly the batches the original goes on to produce, pixels
// included, since the augmentation stream is part of the state.
func TestBatcherStateResume(t *testing.T) {
	ds := synth(t, 70, 8, 8, 3, 10)
	cfg := Config{BatchSize: 16, Seed: 77, Shuffle: true, Augment: Augment{Pad: 2, Flip: true, Cutout: 3}}
	for _, saveAfter := range []int{0, 1, 3, 4, 5, 9} {
		orig := newTestBatcher(t, ds, cfg)
		batch := orig.NewBatch()
		for k := 0; k < saveAfter; k++ {
			orig.NextCyclic(batch)
		}
		blob, err := json.Marshal(orig.State())
		if err != nil {
			t.Fatal(err)
		}
		var st State
		if err := json.Unmarshal(blob, &st); err != nil {
			t.Fatal(err)
		}
		resumed := newTestBatcher(t, ds, Config{BatchSize: 16, Seed: 1, Shuffle: true, Augment: cfg.Augment})
		if err := resumed.Restore(st); err != nil {
			t.Fatal(err)
		}
		other := resumed.NewBatch()
		for k := 0; k < 12; k++ {
			okA, okB := orig.Next(batch), resumed.Next(other)
			if okA != okB {
				t.Fatalf("saved after %d: step %d: Next %v vs %v", saveAfter, k, okA, okB)
			}
			if !okA {
				continue
			}
			if batch.Epoch != other.Epoch || batch.Step != other.Step ||
				!slices.Equal(batch.Index, other.Index) || !slices.Equal(batch.Labels, other.Labels) ||
				!slices.Equal(batch.Images, other.Images) {
				t.Fatalf("saved after %d (state %s): step %d differs", saveAfter, blob, k)
			}
		}
	}
}

func TestBatcherRestoreErrors(t *testing.T) {
	ds := synth(t, 20, 2, 2, 1, 10)
	b := newTestBatcher(t, ds, Config{BatchSize: 4})
	st := b.State()
	bad := []State{st, st, st}
	bad[0].N = 21
	bad[1].BatchSize = 5
	bad[2].Pos = 99
	for i, s := range bad {
		if err := b.Restore(s); err == nil {
			t.Errorf("bad state %d accepted: %+v", i, s)
		}
	}
	if _, err := NewBatcher(ds, Config{BatchSize: 21}); err == nil {
		t.Error("batch larger than the data set accepted")
	}
}

func TestCyclicWraps(t *testing.T) {
	ds := synth(t, 10, 2, 2, 1, 10)
	b := newTestBatcher(t, ds, Config{BatchSize: 4, Seed: 5, Shuffle: true})
	n := 0
	for batch := range b.Cyclic() {
		if batch.Size != 4 {
			t.Fatalf("size %d", batch.Size)
		}
		if n++; n == 7 {
			break
		}
	}
	// 2 full batches per epoch: 7 batches end in epoch 3.
	if b.Epoch() != 3 {
		t.Errorf("after 7 cyclic batches at epoch %d, want 3", b.Epoch())
	}
}

func TestNextAllocatesNothing(t *testing.T) {
	ds := synth(t, 256, 32, 32, 3, 10)
	b := newTestBatcher(t, ds, Config{BatchSize: 64, Seed: 1, Shuffle: true, Augment: CIFAREval})
	batch := b.NewBatch()
	b.NextCyclic(batch) // the first epoch's permutation buffer is allocated up front anyway
	if n := testing.AllocsPerRun(50, func() { b.NextCyclic(batch) }); n != 0 {
		t.Errorf("NextCyclic allocates %v times per batch", n)
	}
}

func BenchmarkBatch64CIFARAugmented(b *testing.B) {
	ds := synth(b, 1024, 32, 32, 3, 10)
	bt := newTestBatcher(b, ds, Config{BatchSize: 64, Seed: 1, Shuffle: true, Augment: CIFAREval})
	batch := bt.NewBatch()
	b.SetBytes(64 * 32 * 32 * 3 * 4)
	for b.Loop() {
		bt.NextCyclic(batch)
	}
}

func BenchmarkBatch64Plain(b *testing.B) {
	ds := synth(b, 1024, 32, 32, 3, 10)
	bt := newTestBatcher(b, ds, Config{BatchSize: 64, Seed: 1, Shuffle: true})
	batch := bt.NewBatch()
	b.SetBytes(64 * 32 * 32 * 3 * 4)
	for b.Loop() {
		bt.NextCyclic(batch)
	}
}

// TestNextFresh: every call is the first batch of the next epoch's order (distinct images,
// independent draws), the same after restoring a State saved between calls.
func TestNextFresh(t *testing.T) {
	ds := synth(t, 50, 4, 4, 3, 50)
	cfg := Config{BatchSize: 8, Seed: 3, Shuffle: true}
	b := newTestBatcher(t, ds, cfg)
	ref := newTestBatcher(t, ds, cfg) // walks the same epochs with Next
	dst, want := b.NewBatch(), ref.NewBatch()
	var saved State
	var afterSave [][]int
	for k := 0; k < 6; k++ {
		if k == 3 {
			saved = b.State()
		}
		b.NextFresh(dst)
		if !ref.Next(want) {
			t.Fatal("reference batcher: empty epoch")
		}
		if dst.Epoch != k || !slices.Equal(dst.Index, want.Index) {
			t.Fatalf("draw %d: epoch %d images %v, want epoch %d's first batch %v", k, dst.Epoch, dst.Index, k, want.Index)
		}
		if len(slices.Compact(slices.Sorted(slices.Values(dst.Index)))) != 8 {
			t.Fatalf("draw %d: repeated images %v", k, dst.Index)
		}
		if k >= 3 {
			afterSave = append(afterSave, slices.Clone(dst.Index))
		}
		for ref.Next(want) { // the rest of the epoch
		}
	}
	r := newTestBatcher(t, ds, cfg)
	if err := r.Restore(saved); err != nil {
		t.Fatal(err)
	}
	for k, idx := range afterSave {
		r.NextFresh(dst)
		if !slices.Equal(dst.Index, idx) {
			t.Fatalf("after restore, draw %d: %v, want %v", k+3, dst.Index, idx)
		}
	}
}
