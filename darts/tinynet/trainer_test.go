package tinynet

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/data/mnist"
)

func TestNumParams(t *testing.T) {
	// By hand, for 28×28×1 images (bias-free 3×3 convolutions, BN scale and shift, linear + bias):
	//   stage0:      3·3·1·16  =    144  + BN 2·16 =  32  →    176
	//   stage1:      3·3·16·32 =  4,608  + BN 2·32 =  64  →  4,672
	//   stage2:      3·3·32·64 = 18,432  + BN 2·64 = 128  → 18,560
	//   classifier:  64·10 + 10                           →    650
	//   total                                               24,058
	const want = 24058
	net := DefaultNet()
	if got := net.NumParams(1); got != want {
		t.Errorf("DefaultNet().NumParams(1) = %d, want %d", got, want)
	}
	// The variables the graph actually creates must agree with the formula.
	tr := train(t, net, smallConfig(1), separable(t, 64, 1))
	if got := tr.NumParams(); got != want {
		t.Errorf("trainable variables hold %d parameters, want %d", got, want)
	}
	// Another shape, checked against the formula with other widths and input channels.
	other := Net{Widths: []int{4, 6}, NumClasses: 3}
	if got, want := other.NumParams(3), 9*3*4+2*4+9*4*6+2*6+6*3+3; got != want {
		t.Errorf("Net{4,6}.NumParams(3) = %d, want %d", got, want)
	}
}

// On MNIST itself: 60 steps of 32 images from a 2,000-image subset lower the loss clearly and
// beat chance on held-out test images by far.
func TestLossDecreasesOnMNIST(t *testing.T) {
	trainSet, testSet, err := mnist.Load("")
	if err != nil {
		t.Skipf("MNIST not found (%v); TestLossDecreasesOnSeparableData covers training without it", err)
	}
	sub := trainSet.Subset("mnist/train[:2000]", seq(2000))
	tr := train(t, DefaultNet(), smallConfig(60), sub)
	first, _ := tr.History.Tail(60)
	early := mean(tr.History.Loss[:10])
	late, lateAcc := tr.History.Tail(10)
	t.Logf("loss: first 10 steps %.3f, last 10 %.3f (all %.3f); last accuracy %.2f", early, late, first, lateAcc)
	if !(late < 0.6*early) {
		t.Errorf("mean loss of the last 10 steps %.3f, want < 60%% of the first 10 steps' %.3f", late, early)
	}
	ev, err := tr.Evaluate(testSet.Subset("mnist/test[:1000]", seq(1000)), 250)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("test: %v", ev)
	if ev.Accuracy < 0.5 {
		t.Errorf("test accuracy %.3f after 60 steps, want > 0.5 (chance is 0.1)", ev.Accuracy)
	}
}

func TestLossDecreasesOnSeparableData(t *testing.T) {
	tr := train(t, DefaultNet(), smallConfig(60), separable(t, 640, 1))
	early, late := mean(tr.History.Loss[:5]), mean(tr.History.Loss[55:])
	if !(late < 0.5*early) {
		t.Errorf("mean loss of the last 5 steps %.3f, want < half of the first 5 steps' %.3f", late, early)
	}
	ev, err := tr.Evaluate(separable(t, 300, 2), 128) // 128+128+44: a partial last batch
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loss %.3f → %.3f; fresh images: %v", early, late, ev)
	if ev.Images != 300 || ev.Accuracy < 0.9 {
		t.Errorf("Evaluate on fresh separable images = %+v, want 300 images and accuracy > 0.9", ev)
	}
}

// The same seeds give the same run, bit for bit; another weight seed gives another.
func TestDeterministic(t *testing.T) {
	ds := separable(t, 320, 3)
	a := train(t, DefaultNet(), smallConfig(6), ds)
	b := train(t, DefaultNet(), smallConfig(6), ds)
	if !reflect.DeepEqual(a.History, b.History) {
		t.Errorf("same seeds, different histories:\n%+v\n%+v", a.History, b.History)
	}
	cfg := smallConfig(6)
	cfg.Seed = 2
	c := train(t, DefaultNet(), cfg, ds)
	if reflect.DeepEqual(a.History.Loss, c.History.Loss) {
		t.Errorf("weight seeds 1 and 2 gave the same losses %v", a.History.Loss)
	}
}

func TestHistoryBookkeeping(t *testing.T) {
	ds := separable(t, 100, 4)
	cfg := smallConfig(7)
	var log strings.Builder
	cfg.Log, cfg.LogEvery = &log, 3
	tr, err := NewTrainer(testbackend.CPU(t), DefaultNet(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	batches, _ := cfg.NewBatcher(ds) // 3 batches of 32 per epoch: Train wraps around epochs
	h, err := tr.Train(batches)
	if err != nil {
		t.Fatal(err)
	}
	if h != &tr.History || h.Len() != 7 || !reflect.DeepEqual(h.Steps, []int{0, 1, 2, 3, 4, 5, 6}) {
		t.Fatalf("history steps %v (len %d), want 0..6", h.Steps, h.Len())
	}
	if err := h.check(); err != nil {
		t.Fatal(err)
	}
	for i := range h.Steps {
		if h.LR[i] != cfg.LRAt(i) {
			t.Errorf("step %d: lr %g, want %g", i, h.LR[i], cfg.LRAt(i))
		}
		if a := h.Accuracy[i]; a < 0 || a > 1 || a*32 != float64(int(a*32)) {
			t.Errorf("step %d: accuracy %g is not a count out of 32", i, a)
		}
	}
	if h.LR[0] != cfg.LR || !(h.LR[6] < h.LR[3] && h.LR[3] < h.LR[0]) {
		t.Errorf("cosine schedule not decreasing from %g: %v", cfg.LR, h.LR)
	}
	if got := strings.Count(log.String(), "\n"); got != 3 { // after steps 3, 6 and the last, 7
		t.Errorf("log has %d lines, want 3:\n%s", got, log.String())
	}
	if !strings.HasPrefix(log.String(), "step     3/7  loss ") {
		t.Errorf("log starts %q", log.String())
	}
	// Train is done once Steps are recorded; Step goes on numbering.
	if h, _ := tr.Train(batches); h.Len() != 7 {
		t.Errorf("second Train ran steps: len %d", h.Len())
	}
	batch := batches.NewBatch()
	batches.NextCyclic(batch)
	if _, _, err := tr.Step(batch); err != nil || h.Steps[7] != 7 {
		t.Errorf("Step after Train: err %v, steps %v", err, h.Steps)
	}
	loss, acc := h.Tail(2)
	if loss != (h.Loss[6]+h.Loss[7])/2 || acc != (h.Accuracy[6]+h.Accuracy[7])/2 {
		t.Errorf("Tail(2) = %g, %g", loss, acc)
	}
	if l, a := (&History{}).Tail(5); l != 0 || a != 0 {
		t.Errorf("empty Tail = %g, %g", l, a)
	}

	// A Run survives the trip through JSON between notebook cells.
	path := filepath.Join(t.TempDir(), "run.json")
	tr.Config.Mode = "quick"
	run := tr.Run(Eval{Images: 10, Loss: 1.5, Accuracy: 0.7})
	if err := run.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadRun(path)
	if err != nil {
		t.Fatal(err)
	}
	run.Config.Log = nil // not saved
	if !reflect.DeepEqual(back, run) {
		t.Errorf("loaded run differs:\n%+v\n%+v", back, run)
	}
	if run.NumParams != 24058 || run.Backend == "" || run.TrainSeconds <= 0 || run.Mode != "quick" {
		t.Errorf("run summary %+v", run)
	}
}

func TestEvalString(t *testing.T) {
	got := Eval{Images: 10000, Loss: 0.09312, Accuracy: 0.9712}.String()
	if want := "accuracy 97.12% (9712/10000), loss 0.0931"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func seq(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
