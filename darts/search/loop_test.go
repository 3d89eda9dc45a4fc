package search

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// tinyData is a random 8×8 RGB data set, split in two halves in file order (the reference's
// split, tinyRunConfig's).
func tinyData(t *testing.T, n int) Data {
	rng := rand.New(rand.NewPCG(5, 6))
	raw := make([]byte, n*8*8*3)
	for i := range raw {
		raw[i] = byte(rng.IntN(256))
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(10))
	}
	all, err := dataset.FromBytes("tiny", raw, labels, 8, 8, 3, 10, dataset.HWC, dataset.CIFAR10Norm)
	if err != nil {
		t.Fatal(err)
	}
	d, err := tinyRunConfig(1).SplitData(all, dataset.Augment{Pad: 2, Flip: true})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func tinyRunConfig(order int) RunConfig {
	c := QuickRunConfig(order)
	c.Net = Config{C: 4, Layers: 3, NumClasses: 10}
	c.BatchSize, c.Epochs, c.StepsPerEpoch, c.EvalBatches = 4, 2, 3, 1
	return c
}

func alphaValues(t *testing.T, s *Searcher) [2][]float32 {
	n, r := s.Net.Alphas(s.Ctx)
	return [2][]float32{tensors.MustCopyFlatData[float32](n.MustValue()), tensors.MustCopyFlatData[float32](r.MustValue())}
}

// TestResumeIsExact interrupts a search mid-epoch, resumes it from its checkpoint with fresh
// objects, and requires the same α, bit for bit, and the same metrics as an uninterrupted run.
func TestResumeIsExact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two small searches")
	}
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	data := tinyData(t, 64)
	cfg := tinyRunConfig(1)
	// Measuring the Hessian's eigenvalue must change nothing, and measure the same after a resume.
	cfg.HessianEvery, cfg.HessianIters = 1, 2

	fullDir, _ := run.Create(t.TempDir() + "/full")
	full, err := Run(b, cfg, data, fullDir, Options{})
	if err != nil {
		t.Fatal(err)
	}

	dir, _ := run.Create(t.TempDir() + "/interrupted")
	if _, err := Run(b, cfg, data, dir, Options{stopAfterSteps: 4}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: got %v, want ErrInterrupted", err)
	}
	resumed, err := Run(b, cfg, data, dir, Options{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	want, got := alphaValues(t, full), alphaValues(t, resumed)
	for k := range want {
		for i := range want[k] {
			if want[k][i] != got[k][i] {
				t.Fatalf("α[%d][%d]: resumed %v, uninterrupted %v", k, i, got[k][i], want[k][i])
			}
		}
	}
	for _, f := range []string{run.MetricsFile, run.AlphasFile, run.GenotypeFile} {
		a, _ := os.ReadFile(fullDir.File(f))
		b, _ := os.ReadFile(dir.File(f))
		if f == run.MetricsFile {
			a, b = dropSeconds(t, a), dropSeconds(t, b)
		}
		if string(a) != string(b) || len(a) == 0 {
			t.Errorf("%s differs after resume:\n%s\nvs\n%s", f, b, a)
		}
	}
}

// dropSeconds removes the wall-clock field, the only one allowed to differ.
func dropSeconds(t *testing.T, data []byte) []byte {
	var out []byte
	err := run.ReadLines(writeTemp(t, data), func(line []byte) error {
		var r EpochRecord
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		r.Seconds, r.HessianSeconds = 0, 0
		enc, _ := json.Marshal(r)
		out = append(append(out, enc...), '\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeTemp(t *testing.T, data []byte) string {
	p := t.TempDir() + "/x.jsonl"
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNaNLossStops feeds NaN pixels: the search must stop at once, naming the step, and keep the
// previous checkpoint.
func TestNaNLossStops(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	data := tinyData(t, 32)
	for i := range data.Train.Pixels {
		data.Train.Pixels[i] = float32(math.NaN())
	}
	dir, _ := run.Create(t.TempDir() + "/nan")
	_, err = Run(b, tinyRunConfig(1), data, dir, Options{})
	// Counted from 1, as the progress line counts them.
	if err == nil || !strings.Contains(err.Error(), "epoch 1/") || !strings.Contains(err.Error(), "step 1/") || !strings.Contains(err.Error(), "NaN") {
		t.Fatalf("got %v, want an error naming epoch 1 step 1 and the NaN loss", err)
	}
	if _, statErr := os.Stat(dir.File(run.CheckpointFile)); !errors.Is(statErr, os.ErrNotExist) {
		t.Fatalf("a checkpoint was written after a NaN loss: %v", statErr)
	}
}
