package imagenet

import (
	"encoding/json"
	"image/color"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/dataset"
)

var classes = []string{"n01", "n02", "n03"}

// collect runs n batches (across epoch ends) and returns copies of them.
func collect(t *testing.T, b *Batcher, n int) []dataset.Batch {
	t.Helper()
	var out []dataset.Batch
	dst := b.NewBatch()
	for len(out) < n {
		ok, err := b.Next(dst)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			out = append(out, dataset.Batch{
				Images: slices.Clone(dst.Images), Labels: slices.Clone(dst.Labels), Index: slices.Clone(dst.Index),
				Size: dst.Size, Height: dst.Height, Width: dst.Width, Channels: dst.Channels,
				Epoch: dst.Epoch, Step: dst.Step,
			})
		}
	}
	return out
}

func sameBatches(t *testing.T, what string, a, b []dataset.Batch) {
	t.Helper()
	for i := range a {
		x, y := a[i], b[i]
		if x.Epoch != y.Epoch || x.Step != y.Step || !slices.Equal(x.Index, y.Index) ||
			!slices.Equal(x.Labels, y.Labels) || !slices.Equal(x.Images, y.Images) {
			t.Fatalf("%s: batch %d differs (epoch %d step %d index %v vs epoch %d step %d index %v)",
				what, i, x.Epoch, x.Step, x.Index, y.Epoch, y.Step, y.Index)
		}
	}
}

func newBatcher(t *testing.T, f *Folder, cfg Config) *Batcher {
	t.Helper()
	b, err := NewBatcher(f, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBatchesCoverEpoch(t *testing.T) {
	f, err := Open(smallTree(t, classes, 3))
	if err != nil {
		t.Fatal(err)
	}
	b := newBatcher(t, f, Config{BatchSize: 4, Seed: 1, Shuffle: true, Transform: EvalTransform(8, 10), Workers: 2})
	if b.BatchesPerEpoch() != 2 {
		t.Fatalf("%d batches per epoch", b.BatchesPerEpoch())
	}
	batches := collect(t, b, 4)
	var seen []int
	for i, bt := range batches {
		if bt.Size != 4 || bt.Height != 8 || bt.Width != 8 || bt.Channels != 3 || len(bt.Images) != 4*8*8*3 {
			t.Fatalf("batch %d shape %d×%d×%d×%d", i, bt.Size, bt.Height, bt.Width, bt.Channels)
		}
		if bt.Epoch != i/2 || bt.Step != i%2 {
			t.Errorf("batch %d at epoch %d step %d", i, bt.Epoch, bt.Step)
		}
		for k, idx := range bt.Index {
			if bt.Labels[k] != f.Labels[idx] {
				t.Errorf("batch %d row %d: label %d for %s", i, k, bt.Labels[k], f.Files[idx])
			}
		}
		if bt.Epoch == 0 {
			seen = append(seen, bt.Index...)
		}
	}
	slices.Sort(seen)
	if len(slices.Compact(seen)) != 8 {
		t.Errorf("epoch 0 repeats images: %v", seen)
	}
	if slices.Equal(batches[0].Index, batches[2].Index) {
		t.Error("epochs 0 and 1 visit the images in the same order")
	}

	// KeepPartial yields the 9th image in a batch of 1; file order without Shuffle.
	b = newBatcher(t, f, Config{BatchSize: 4, Transform: EvalTransform(8, 10), KeepPartial: true})
	last := collect(t, b, 3)[2]
	if b.BatchesPerEpoch() != 3 || last.Size != 1 || last.Index[0] != 8 || len(last.Images) != 8*8*3 {
		t.Errorf("partial batch: size %d index %v", last.Size, last.Index)
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	f, err := Open(smallTree(t, classes, 3))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{BatchSize: 3, Seed: 42, Shuffle: true, Transform: TrainTransform(12)}
	var runs [][]dataset.Batch
	for _, workers := range []int{1, 2, 5} {
		cfg.Workers = workers
		runs = append(runs, collect(t, newBatcher(t, f, cfg), 7))
	}
	sameBatches(t, "2 workers vs 1", runs[0], runs[1])
	sameBatches(t, "5 workers vs 1", runs[0], runs[2])

	// The same image in two epochs gets different random crops.
	first := map[int][]float32{}
	s := 12 * 12 * 3
	differ := 0
	for _, bt := range runs[0] {
		for k, idx := range bt.Index {
			img := bt.Images[k*s : (k+1)*s]
			if prev, ok := first[idx]; ok && !slices.Equal(prev, img) {
				differ++
			} else if !ok {
				first[idx] = img
			}
		}
	}
	if differ == 0 {
		t.Error("no image was transformed differently in its second epoch")
	}
}

func TestResumeMidEpoch(t *testing.T) {
	f, err := Open(smallTree(t, classes, 3))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{BatchSize: 2, Seed: 7, Shuffle: true, Transform: TrainTransform(10), Workers: 2}
	want := collect(t, newBatcher(t, f, cfg), 10) // 4 batches an epoch: crosses two epoch ends

	b := newBatcher(t, f, cfg)
	collect(t, b, 3)
	saved, err := json.Marshal(b.State())
	if err != nil {
		t.Fatal(err)
	}
	var st State
	if err := json.Unmarshal(saved, &st); err != nil {
		t.Fatal(err)
	}
	if st.Epoch != 0 || st.Pos != 6 {
		t.Fatalf("state %+v after 3 batches of 2", st)
	}
	resumed := newBatcher(t, f, Config{BatchSize: 2, Seed: 999, Shuffle: true, Transform: TrainTransform(10), Workers: 1})
	if err := resumed.Restore(st); err != nil {
		t.Fatal(err)
	}
	sameBatches(t, "resumed", want[3:], collect(t, resumed, 7))

	// Restoring into a Batcher that has run ahead (with a batch prefetched) goes back too.
	if err := b.Restore(st); err != nil {
		t.Fatal(err)
	}
	sameBatches(t, "rewound", want[3:], collect(t, b, 7))

	st.BatchSize = 3
	if err := b.Restore(st); err == nil || !strings.Contains(err.Error(), "batch size") {
		t.Errorf("restore with another batch size: %v", err)
	}
}

func TestBadFiles(t *testing.T) {
	root := smallTree(t, classes, 2)
	fake := filepath.Join(root, "n01", "fake.JPEG")
	writeFile(t, fake, []byte("<html>this is a saved web page, not a JPEG</html>"))
	// A noisy image, so that the entropy-coded data, not the header, is what gets cut.
	noise := dataset.NewRNG(1)
	good := encode(t, "x.jpg", paint(64, 48, func(x, y int) color.NRGBA {
		return color.NRGBA{uint8(noise.Uint64()), uint8(noise.Uint64()), uint8(noise.Uint64()), 255}
	}))
	cut := filepath.Join(root, "n02", "cut.JPEG")
	writeFile(t, cut, good[:len(good)*2/3])
	f, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{BatchSize: 8, Transform: EvalTransform(8, 9), Workers: 2}
	_, err = newBatcher(t, f, cfg).Next(&dataset.Batch{})
	// Without shuffling the batch is in file order, and the first failing slot is reported:
	// n01/fake.JPEG comes before n02/cut.JPEG.
	if err == nil || !strings.Contains(err.Error(), fake) || !strings.Contains(err.Error(), "want a JPEG or PNG image") {
		t.Errorf("error %v, want one naming %s", err, fake)
	}
	if _, err := decodeFile(cut); err == nil || !strings.Contains(err.Error(), "decoding JPEG: file") || !strings.Contains(err.Error(), "want a complete") {
		t.Errorf("truncated JPEG: %v", err)
	}

	cfg.SkipBad = true
	b := newBatcher(t, f, cfg)
	got := collect(t, b, 1)[0]
	if got.Size != 8 {
		t.Fatalf("batch of %d", got.Size)
	}
	for k, idx := range got.Index {
		if p := f.Files[idx]; p == fake || p == cut || got.Labels[k] != f.Labels[idx] {
			t.Errorf("row %d holds %s with label %d", k, p, got.Labels[k])
		}
	}
	skipped := b.Skipped()
	if len(skipped) != 2 || skipped[0].Path != fake || skipped[1].Path != cut {
		t.Fatalf("skipped %v", skipped)
	}
	if msg := skipped[1].Err.Error(); !strings.Contains(msg, cut) || !strings.Contains(msg, "want a complete") {
		t.Errorf("skip error %v does not name the file", skipped[1].Err)
	}
}

func TestConfigErrors(t *testing.T) {
	f, err := Open(smallTree(t, classes[:1], 2))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{BatchSize: 3, Transform: EvalTransform(8, 9)}, "batch size 3"},
		{Config{BatchSize: 1, Transform: EvalTransform(8, 7)}, "resize 7"},
		{Config{BatchSize: 1, Transform: Transform{Size: 8, Train: true, Scale: [2]float64{0.5, 0.1}}}, "crop scale"},
		{Config{BatchSize: 1, Transform: Transform{Size: 8, Train: true, Jitter: Jitter{Hue: 0.7}}}, "hue <= 0.5"},
	} {
		if _, err := NewBatcher(f, tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
