package search

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/optim"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestEpochLRScheduleOffset: by default epoch e trains at the cosine's η(e+1), as train_search.py
// (scheduler.step() before each epoch): below LR from the first epoch, LRMin at the last;
// ScheduleOffset 0 is the paper's η(e).
func TestEpochLRScheduleOffset(t *testing.T) {
	c := PaperRunConfig(2)
	eta := func(t int) float64 { return optim.CosineLR(0.025, 0.001, t, 50) }
	for _, tc := range []struct {
		offset, epoch int
		want          float64
	}{{1, 0, eta(1)}, {1, 1, eta(2)}, {1, 49, 0.001}, {0, 0, 0.025}, {0, 49, eta(49)}} {
		c.ScheduleOffset = tc.offset
		if got := c.EpochLR(tc.epoch); got != tc.want {
			t.Errorf("ScheduleOffset %d: epoch %d at lr %g, want %g", tc.offset, tc.epoch, got, tc.want)
		}
	}
	if eta(1) >= 0.025 || eta(1) < 0.0249 {
		t.Fatalf("η(1) = %g: not just below LR", eta(1))
	}
	c.ScheduleOffset = 2
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "ScheduleOffset") {
		t.Errorf("ScheduleOffset 2: %v, want an error", err)
	}
}

// TestSplitData: the reference's split is the first half of the images in file order for the
// weights and the rest for α; "random" is the seeded permutation of before.
func TestSplitData(t *testing.T) {
	n := 20
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(i) // each image its own class: the label says which image it is
	}
	all, err := dataset.FromBytes("ordered", make([]byte, n*2*2*3), labels, 2, 2, 3, n, dataset.HWC, dataset.CIFAR10Norm)
	if err != nil {
		t.Fatal(err)
	}
	first := func(d *dataset.Images) []int {
		var out []int
		for _, l := range d.Labels {
			out = append(out, int(l))
		}
		return out
	}
	cfg := PaperRunConfig(1)
	ref, err := cfg.SplitData(all, dataset.Augment{})
	if err != nil {
		t.Fatal(err)
	}
	wantTrain, wantVal := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
	if got := first(ref.Train); !slices.Equal(got, wantTrain) {
		t.Errorf("reference split: weights get images %v, want %v", got, wantTrain)
	}
	if got := first(ref.Val); !slices.Equal(got, wantVal) {
		t.Errorf("reference split: α gets images %v, want %v", got, wantVal)
	}
	cfg.Split = SplitRandom
	rnd, err := cfg.SplitData(all, dataset.Augment{})
	if err != nil {
		t.Fatal(err)
	}
	old, _ := SplitData(all, 0.5, uint64(cfg.Seed), dataset.Augment{})
	if !slices.Equal(first(rnd.Train), first(old.Train)) || slices.Equal(first(rnd.Train), wantTrain) {
		t.Errorf("random split: weights get %v (SplitData: %v)", first(rnd.Train), first(old.Train))
	}
	cfg.Split = "halves"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "Split") {
		t.Errorf("Split %q: %v, want an error", cfg.Split, err)
	}
}

// TestRunFollowsReference runs a tiny search with the defaults and checks in its records what the
// reference's options do in the loop: the learning rate of each epoch is η(e+1), each α step drew
// a fresh batch (the α batcher is one epoch further per step; the weights' batcher walks its
// epoch), the epoch records carry the genotype of the epoch's start, and resuming with another
// option is refused. (TestResumeIsExact resumes these defaults exactly; the TestReference...
// tests check the batch-norm statistics.)
func TestRunFollowsReference(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search")
	}
	b := newRefBackend(t)
	data := tinyData(t, 64)
	cfg := tinyRunConfig(1)
	dir, _ := run.Create(t.TempDir() + "/run")
	if _, err := Run(b, cfg, data, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	var recs []EpochRecord
	err := run.ReadLines(dir.File(run.MetricsFile), func(line []byte) error {
		var r EpochRecord
		recs = append(recs, r)
		return json.Unmarshal(line, &recs[len(recs)-1])
	})
	if err != nil || len(recs) != cfg.Epochs {
		t.Fatalf("%d records (%v), want %d", len(recs), err, cfg.Epochs)
	}
	for e, r := range recs {
		if want := optim.CosineLR(cfg.LR, cfg.LRMin, e+1, cfg.Epochs); r.LR != want {
			t.Errorf("epoch %d: lr %g, want η(%d) = %g", e, r.LR, e+1, want)
		}
		if r.StartGenotype == "" || (e > 0 && r.StartGenotype != recs[e-1].Genotype) {
			t.Errorf("epoch %d: start genotype %q, previous epoch's end %q", e, r.StartGenotype, recs[max(e-1, 0)].Genotype)
		}
	}
	var st checkpointState
	if err := checkpoint.Load(dir.File(run.CheckpointFile), context.New(), &st); err != nil {
		t.Fatal(err)
	}
	steps := cfg.Epochs * cfg.StepsPerEpoch
	if st.Val.Epoch != steps-1 || st.Val.Pos != cfg.BatchSize {
		t.Errorf("α batcher at epoch %d image %d after %d steps, want epoch %d image %d (a fresh order per step)",
			st.Val.Epoch, st.Val.Pos, steps, steps-1, cfg.BatchSize)
	}
	if perEpoch := data.Train.Len() / cfg.BatchSize; st.Train.Epoch != steps/perEpoch {
		t.Errorf("weights' batcher at epoch %d after %d steps of %d per epoch", st.Train.Epoch, steps, perEpoch)
	}

	// Another option on resume: refused, whichever it is.
	for _, change := range []func(*RunConfig){
		func(c *RunConfig) { c.Split = SplitRandom },
		func(c *RunConfig) { c.BNStats = BNStatsWeightStep },
		func(c *RunConfig) { c.ScheduleOffset = 0 },
	} {
		other := cfg
		change(&other)
		d := data
		d.Split = other.Split // past Run's check of the data, to the stored configuration's
		_, err := Run(b, other, d, dir, Options{Resume: true})
		if err == nil || errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "configured") {
			t.Errorf("resume with %+v: %v, want a refusal", other, err)
		}
	}
}
