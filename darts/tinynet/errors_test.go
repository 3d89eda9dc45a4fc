package tinynet

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/mnist"
)

func TestConfigErrors(t *testing.T) {
	b := testbackend.CPU(t)
	good := DefaultTrainConfig()
	for _, tc := range []struct {
		name string
		net  Net
		edit func(*TrainConfig)
		want string
	}{
		{"no stages", Net{NumClasses: 10}, nil, "Net.Widths is empty"},
		{"zero width", Net{Widths: []int{16, 0}, NumClasses: 10}, nil, "Net.Widths[1] = 0"},
		{"one class", Net{Widths: []int{16}, NumClasses: 1}, nil, "Net.NumClasses = 1"},
		{"no steps", DefaultNet(), func(c *TrainConfig) { c.Steps = 0 }, "Steps = 0"},
		{"no batch", DefaultNet(), func(c *TrainConfig) { c.BatchSize = -1 }, "BatchSize = -1"},
		{"zero lr", DefaultNet(), func(c *TrainConfig) { c.LR = 0 }, "LR = 0"},
		{"min lr above lr", DefaultNet(), func(c *TrainConfig) { c.MinLR = 1 }, "MinLR = 1"},
		{"momentum 1", DefaultNet(), func(c *TrainConfig) { c.Momentum = 1 }, "Momentum = 1"},
		{"negative decay", DefaultNet(), func(c *TrainConfig) { c.WeightDecay = -1e-4 }, "WeightDecay = -0.0001"},
		{"negative clip", DefaultNet(), func(c *TrainConfig) { c.GradClip = -5 }, "GradClip = -5"},
		{"negative log", DefaultNet(), func(c *TrainConfig) { c.LogEvery = -1 }, "LogEvery = -1"},
	} {
		cfg := good
		if tc.edit != nil {
			tc.edit(&cfg)
		}
		_, err := NewTrainer(b, tc.net, cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := NewTrainer(nil, DefaultNet(), good); err == nil || !strings.Contains(err.Error(), "nil backend") {
		t.Errorf("nil backend: got %v", err)
	}
}

func TestModeConfig(t *testing.T) {
	quick, err := ModeConfig("quick")
	if err != nil || quick.Steps != 300 || quick.BatchSize != 64 || quick.Mode != "quick" {
		t.Errorf("quick: %+v, %v", quick, err)
	}
	if unset, err := ModeConfig(""); err != nil || !reflect.DeepEqual(unset, quick) {
		t.Errorf("unset mode should be quick: %+v, %v", unset, err)
	}
	if paper, err := ModeConfig("paper"); err != nil || paper.Steps != 3*937 || paper.Mode != "paper" || paper.Validate() != nil {
		t.Errorf("paper: %+v, %v", paper, err)
	}
	if _, err := ModeConfig("Quick"); err == nil || !strings.Contains(err.Error(), `unknown mode "Quick"`) {
		t.Errorf("bad mode: got %v", err)
	}
}

func TestDataErrors(t *testing.T) {
	tr, err := NewTrainer(testbackend.CPU(t), DefaultNet(), smallConfig(2))
	if err != nil {
		t.Fatal(err)
	}
	expectErr := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got error %v, want one containing %q", what, err, want)
		}
	}
	// Three stages pool twice: images need at least 4×4 pixels.
	small := images(t, 3, 3, 1, 10, 8)
	b, _ := dataset.NewBatcher(small, dataset.Config{BatchSize: 4})
	_, err = tr.Train(b)
	expectErr("3×3 images", err, "3x3 images are too small for 3 stages")

	_, err = tr.Train(nil)
	expectErr("nil batcher", err, "nil Batcher")

	many := images(t, 28, 28, 1, 12, 8)
	b, _ = dataset.NewBatcher(many, dataset.Config{BatchSize: 4})
	_, err = tr.Train(b)
	expectErr("12 classes", err, "has 12 classes but the network has 10 outputs")

	// Evaluating first fixes the input shape; later batches must match it.
	if _, err := tr.Evaluate(separable(t, 8, 1), 4); err != nil {
		t.Fatal(err)
	}
	_, err = tr.Evaluate(images(t, 28, 28, 3, 10, 8), 4)
	expectErr("RGB after gray", err, "batch of 28x28x3 images, but the network was built for 28x28x1")

	_, err = tr.Evaluate(nil, 4)
	expectErr("nil set", err, "no images")
	_, err = tr.Evaluate(separable(t, 8, 1), 0)
	expectErr("batch 0", err, "batch size 0")
}

func TestLabelOutsideLogits(t *testing.T) {
	tr, err := NewTrainer(testbackend.CPU(t), Net{Widths: []int{4}, NumClasses: 5}, smallConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	ds := images(t, 8, 8, 1, 5, 8)
	ds.Labels[3] = 7 // as if the set were edited after loading
	_, err = tr.Evaluate(ds, 8)
	if err == nil || !strings.Contains(err.Error(), "label 7 of image 3 outside [0,5)") {
		t.Errorf("got %v", err)
	}
}

func TestLoadRunErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadRun(dir + "/missing.json"); err == nil || !strings.Contains(err.Error(), "did the training cell run?") {
		t.Errorf("missing file: %v", err)
	}
	bad := &Run{History: History{Steps: []int{0, 1}, Loss: []float64{1}}}
	if err := bad.Save(dir + "/bad.json"); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRun(dir + "/bad.json"); err == nil || !strings.Contains(err.Error(), "history has 2 steps but 1 losses") {
		t.Errorf("ragged history: %v", err)
	}
}

// images makes n blank h×w×c images with labels cycling over numClasses.
func images(t *testing.T, h, w, c, numClasses, n int) *dataset.Images {
	t.Helper()
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(i % numClasses)
	}
	norm := mnist.MNISTNorm
	if c == 3 {
		norm = dataset.CIFAR10Norm
	}
	ds, err := dataset.FromBytes("blank", make([]byte, n*h*w*c), labels, h, w, c, numClasses, dataset.HWC, norm)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
