package tinynet

import (
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/mnist"
)

// separable makes n noisy 28×28×1 images whose class k is a bright 6×6 square at a position of
// its own, so that even a few steps of a tiny network separate the classes.
func separable(t testing.TB, n int, seed uint64) *dataset.Images {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	raw := make([]byte, n*28*28)
	labels := make([]int32, n)
	for i := range labels {
		k := rng.IntN(10)
		labels[i] = int32(k)
		img := raw[i*28*28 : (i+1)*28*28]
		for j := range img {
			img[j] = byte(rng.IntN(60))
		}
		top, left := 3+14*(k/5), 1+5*(k%5)
		for y := top; y < top+6; y++ {
			for x := left; x < left+6 && x < 28; x++ {
				img[y*28+x] = byte(200 + rng.IntN(56))
			}
		}
	}
	ds, err := dataset.FromBytes("separable", raw, labels, 28, 28, 1, 10, dataset.HWC, mnist.MNISTNorm)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// smallConfig is a short run for tests.
func smallConfig(steps int) TrainConfig {
	cfg := DefaultTrainConfig()
	cfg.Steps, cfg.BatchSize, cfg.LogEvery = steps, 32, 0
	return cfg
}

// train runs cfg on ds with a new Trainer.
func train(t testing.TB, net Net, cfg TrainConfig, ds *dataset.Images) *Trainer {
	t.Helper()
	tr, err := NewTrainer(testbackend.CPU(t), net, cfg)
	if err != nil {
		t.Fatal(err)
	}
	batches, err := cfg.NewBatcher(ds)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Train(batches); err != nil {
		t.Fatal(err)
	}
	return tr
}
