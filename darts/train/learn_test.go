package train

import (
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
)

// TestQuickCIFARLearns trains DARTS_V2 briefly on the CIFAR-10 subset (skipped without it): the
// test accuracy must rise clearly above chance (10%).
func TestQuickCIFARLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a while")
	}
	path, err := cifar10.Find("")
	if err != nil {
		t.Skip(err)
	}
	trainSet, testSet, err := cifar10.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := QuickCIFAR(darts2(t))
	cfg.Net.Layers, cfg.Net.C = 3, 8
	cfg.Epochs, cfg.StepsPerEpoch, cfg.EvalBatches = 3, 30, 16
	data, err := ImagesData(trainSet, testSet, cfg.BatchSize, 1, dataset.CIFAREval)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var last EpochRecord
	if _, err := Run(testbackend.CPU(t), cfg, data, dir, Options{OnEpoch: func(r EpochRecord) {
		t.Logf("epoch %d: train loss %.3f acc %.3f, test loss %.3f acc %.3f (%.1fs)", r.Epoch, r.TrainLoss, r.TrainAcc, r.TestLoss, r.TestAcc, r.Seconds)
		last = r
	}}); err != nil {
		t.Fatal(err)
	}
	if last.TestAcc < 0.2 {
		t.Errorf("test accuracy %.3f after %d epochs, want above 0.2 (chance: 0.1)", last.TestAcc, cfg.Epochs)
	}
}
