package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
)

func darts2(t *testing.T) genotype.Genotype {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// randomImages is n random 32×32 RGB images with random labels.
func randomImages(t *testing.T, name string, n int, seed uint64) *dataset.Images {
	rng := rand.New(rand.NewPCG(seed, 1))
	raw := make([]byte, n*32*32*3)
	for i := range raw {
		raw[i] = byte(rng.IntN(256))
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(10))
	}
	ds, err := dataset.FromBytes(name, raw, labels, 32, 32, 3, 10, dataset.HWC, dataset.CIFAR10Norm)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// tinyConfig trains a 3-cell, 4-channel network with every feature on: auxiliary head, drop-path,
// label smoothing, clipping.
func tinyConfig(t *testing.T) Config {
	c := PaperCIFAR(darts2(t))
	c.Net.C, c.Net.Layers = 4, 3
	c.Epochs, c.BatchSize, c.StepsPerEpoch, c.EvalBatches = 3, 4, 3, 2
	c.LabelSmoothing, c.Seed = 0.1, 3
	return c
}

// variableValues prints every variable (weights, statistics, momentum, RNG state) exactly: %v
// prints the shortest decimal that reads back as the same float.
func variableValues(tr *Trainer) map[string]string {
	out := map[string]string{}
	for v := range tr.Ctx.IterVariables() {
		out[v.ScopeAndName()] = fmt.Sprint(v.MustValue().Value())
	}
	return out
}

// TestResumeIsExact interrupts a run mid-epoch, resumes it with fresh objects, and gets the same
// weights, batch-norm statistics, momentum and RNG state, bit for bit, as an uninterrupted run.
func TestResumeIsExact(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := tinyConfig(t)
	train, test := randomImages(t, "train", 24, 1), randomImages(t, "test", 8, 2) // 32×32: the auxiliary head needs 8×8 features at cell 2
	newData := func() Data {
		d, err := ImagesData(train, test, cfg.BatchSize, 9, dataset.CIFAREval)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	whole, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	full, err := Run(b, cfg, newData(), whole, Options{})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(b, cfg, newData(), parts, Options{stopAfterSteps: 4}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: got %v, want ErrInterrupted", err)
	}
	resumed, err := Run(b, cfg, newData(), parts, Options{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	want, got := variableValues(full), variableValues(resumed)
	if len(want) != len(got) {
		t.Fatalf("%d variables after resuming, %d in the uninterrupted run", len(got), len(want))
	}
	for name, w := range want {
		if w != got[name] {
			t.Errorf("%s differs after resuming", name)
		}
	}
	var epochs []EpochRecord
	if err := run.ReadLines(parts.File(run.MetricsFile), jsonLine(&epochs)); err != nil {
		t.Fatal(err)
	}
	if len(epochs) != cfg.Epochs {
		t.Errorf("%d metric lines after resuming, want %d", len(epochs), cfg.Epochs)
	}
	// The file numbers the epochs from 1 (config.json's epoch_base), ReadMetrics from 0.
	read, err := ReadMetrics(parts.Path)
	if err != nil || len(read) != len(epochs) {
		t.Fatalf("ReadMetrics: %d records (%v), want %d", len(read), err, len(epochs))
	}
	for i := range epochs {
		if epochs[i].Epoch != i+1 || read[i].Epoch != i {
			t.Errorf("line %d: epoch %d in metrics.jsonl, %d read back; want %d and %d", i+1, epochs[i].Epoch, read[i].Epoch, i+1, i)
		}
	}
}

// TestSchedules checks the learning rate of the first epochs (and a few later ones) with the
// reference code's offset (the default: epoch e at η(e+1)) and with the paper's η(e).
func TestSchedules(t *testing.T) {
	imagenet, cifar := PaperImageNet(darts2(t)), PaperCIFAR(darts2(t))
	cosine := func(t float64) float64 { return 0.025 * (1 + math.Cos(math.Pi*t/600)) / 2 }
	for _, tc := range []struct {
		name   string
		cfg    Config
		offset int
		epoch  int
		want   float64
	}{
		{"imagenet reference", imagenet, 1, 0, 0.1 * 0.97},
		{"imagenet reference", imagenet, 1, 1, 0.1 * 0.97 * 0.97},
		{"imagenet reference", imagenet, 1, 2, 0.1 * 0.97 * 0.97 * 0.97},
		{"imagenet paper", imagenet, 0, 0, 0.1},
		{"imagenet paper", imagenet, 0, 1, 0.1 * 0.97},
		{"imagenet paper", imagenet, 0, 2, 0.1 * 0.97 * 0.97},
		{"cifar reference", cifar, 1, 0, cosine(1)},
		{"cifar reference", cifar, 1, 1, cosine(2)},
		{"cifar reference", cifar, 1, 299, 0.0125},
		{"cifar reference", cifar, 1, 599, 0}, // the reference's last epoch runs at eta_min
		{"cifar paper", cifar, 0, 0, 0.025},
		{"cifar paper", cifar, 0, 1, cosine(1)},
		{"cifar paper", cifar, 0, 300, 0.0125},
		{"cifar paper", cifar, 0, 599, cosine(599)},
	} {
		if tc.offset == 1 && tc.cfg.ScheduleOffset != 1 {
			t.Fatalf("%s: ScheduleOffset %d, want the reference's 1 by default", tc.name, tc.cfg.ScheduleOffset)
		}
		tc.cfg.ScheduleOffset = tc.offset
		if got := tc.cfg.EpochLR(tc.epoch); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s epoch %d: lr %.17g, want %.17g", tc.name, tc.epoch, got, tc.want)
		}
	}
	if cifar.EpochLR(0) >= 0.025 || cifar.EpochLR(0) <= cifar.EpochLR(1) {
		t.Errorf("cosine with the offset: epoch 0 %g, epoch 1 %g; want below 0.025 and decreasing", cifar.EpochLR(0), cifar.EpochLR(1))
	}
	// The drop-path ramp has no offset in either schedule: the reference sets it from the epoch.
	for _, offset := range []int{0, 1} {
		cifar.ScheduleOffset = offset
		if got := cifar.EpochDropPath(0); got != 0 {
			t.Errorf("offset %d: drop-path at epoch 0 is %g, want 0", offset, got)
		}
		if got, want := cifar.EpochDropPath(300), 0.1; math.Abs(got-want) > 1e-12 {
			t.Errorf("offset %d: drop-path mid-way: %g, want %g", offset, got, want)
		}
	}
	cifar.ScheduleOffset = 2
	if err := cifar.Validate(); err == nil || !strings.Contains(err.Error(), "ScheduleOffset=2") {
		t.Errorf("ScheduleOffset 2: error %v", err)
	}
}

// TestQuickConfigsTrainEveryEpoch: the quick smoke-run configurations follow the paper's η(e), so
// they start at their stated LR and none of their 4 epochs runs at lr 0 (the reference's offset
// would put QuickCIFAR's last epoch at the cosine's floor, 0).
func TestQuickConfigsTrainEveryEpoch(t *testing.T) {
	for name, cfg := range map[string]Config{"QuickCIFAR": QuickCIFAR(darts2(t)), "QuickImageNet": QuickImageNet(darts2(t))} {
		if cfg.ScheduleOffset != 0 {
			t.Errorf("%s: ScheduleOffset %d, want the paper's 0", name, cfg.ScheduleOffset)
		}
		if got := cfg.EpochLR(0); got != cfg.LR {
			t.Errorf("%s: epoch 0 at lr %g, want its LR %g", name, got, cfg.LR)
		}
		last := cfg.EpochLR(cfg.Epochs - 1)
		if last <= 0 || last >= cfg.EpochLR(cfg.Epochs-2) {
			t.Errorf("%s: last epoch at lr %g (previous %g), want > 0 and decreasing", name, last, cfg.EpochLR(cfg.Epochs-2))
		}
	}
	if got, want := QuickCIFAR(darts2(t)).EpochLR(3), 0.05*(1+math.Cos(math.Pi*3/4))/2; math.Abs(got-want) > 1e-15 {
		t.Errorf("QuickCIFAR's last epoch: lr %.17g, want %.17g", got, want)
	}
}

// TestOldRunConfigKeepsPaperSchedule: a config.json written before ScheduleOffset existed (the
// paper's schedule was the only one) resumes with the paper's schedule.
func TestOldRunConfigKeepsPaperSchedule(t *testing.T) {
	stored, err := json.Marshal(PaperCIFAR(darts2(t)))
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(stored, &fields); err != nil {
		t.Fatal(err)
	}
	if _, ok := fields["schedule_offset"]; !ok {
		t.Fatalf("config.json has no schedule_offset: %s", stored)
	}
	delete(fields, "schedule_offset")
	old, _ := json.Marshal(fields)
	var cfg Config
	if err := json.Unmarshal(old, &cfg); err != nil {
		t.Fatal(err)
	}
	if got := cfg.EpochLR(0); got != 0.025 {
		t.Errorf("an old run's epoch 0 resumes at lr %g, want the paper's 0.025", got)
	}
}

// jsonLine decodes each line into a new element of *out.
func jsonLine[T any](out *[]T) func([]byte) error {
	return func(line []byte) error {
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			return err
		}
		*out = append(*out, v)
		return nil
	}
}

func TestMeanStd(t *testing.T) {
	m, s := MeanStd([]float64{2.7, 2.8, 2.9})
	if math.Abs(m-2.8) > 1e-12 || math.Abs(s-0.1) > 1e-12 {
		t.Errorf("MeanStd = %g ± %g, want 2.8 ± 0.1", m, s)
	}
	if m, s := MeanStd([]float64{3}); m != 3 || s != 0 {
		t.Errorf("one value: %g ± %g", m, s)
	}
}
