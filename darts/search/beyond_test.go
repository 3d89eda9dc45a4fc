package search

import (
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/run"
)

// TestEarlyStopReplayMatchesLiveRun runs one tiny search that measures the eigenvalue every epoch
// and the same search with DARTS-ES live (window 1, T = 100: a stop at the first measurement that
// can be tested), and requires the rule replayed on the first run's records to give the live
// run's stop: the same epochs, ratio and returned genotype (genotype.json). A rule that cannot
// fire (T tiny) replays to no stop.
func TestEarlyStopReplayMatchesLiveRun(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := tinyRunConfig(1)
	cfg.Epochs, cfg.StepsPerEpoch = 5, 2
	cfg.HessianEvery, cfg.HessianIters = 1, 10
	plain, _ := run.Create(t.TempDir() + "/plain")
	if _, err := Run(b, cfg, tinyData(t, 64), plain, Options{}); err != nil {
		t.Fatal(err)
	}
	live := cfg
	live.EarlyStopWindow, live.EarlyStopThreshold = 1, 100
	liveDir, _ := run.Create(t.TempDir() + "/live")
	if _, err := Run(b, live, tinyData(t, 64), liveDir, Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(plain.Path)
	if err != nil {
		t.Fatal(err)
	}
	lh, err := LoadHistory(liveDir.Path)
	if err != nil {
		t.Fatal(err)
	}
	if lh.EarlyStop == nil {
		t.Fatal("the live run did not stop; the test needs a stop")
	}
	if len(lh.Epochs) >= len(h.Epochs) {
		t.Fatalf("the live run stopped after its last epoch (%d of %d): nothing to tell a replay from the end", len(lh.Epochs), len(h.Epochs))
	}
	stop, g, ok, err := h.EarlyStopReplay(live.earlyStopRule())
	if err != nil || !ok {
		t.Fatalf("replay: ok %v, %v; want the live run's stop %+v", ok, err, *lh.EarlyStop)
	}
	want := *lh.EarlyStop
	if stop.Epoch != want.Epoch || stop.ReturnedEpoch != want.ReturnedEpoch || stop.Ratio != want.Ratio ||
		stop.Genotype != want.Genotype || stop.Reason != want.Reason {
		t.Errorf("replayed stop %+v,\nlive run's %+v", stop, want)
	}
	if g.String() != lh.Genotype.String() {
		t.Errorf("replayed genotype %s, live run's genotype.json %s", g, lh.Genotype)
	}
	if _, _, ok, err := h.EarlyStopReplay(EarlyStopRule{Window: 1, Threshold: 1e-9}); ok || err != nil {
		t.Errorf("a rule that cannot fire replayed to a stop (%v, %v)", ok, err)
	}
}

// TestBeyondRunConfigs: the quick searches share one budget and differ only by PC-DARTS's
// changes; paper mode is the papers' settings; a bad mode is an error.
func TestBeyondRunConfigs(t *testing.T) {
	d, err := ModeCollapseRunConfig("quick")
	if err != nil {
		t.Fatal(err)
	}
	pc, err := ModePCDARTSRunConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if d.HessianEvery != 2 || pc.HessianEvery != 2 || d.Order != 1 || pc.Order != 1 {
		t.Errorf("eigenvalue every %d/%d epochs, order %d/%d; want every 2 epochs, first order", d.HessianEvery, pc.HessianEvery, d.Order, pc.Order)
	}
	if d.TrainPortion != 0.008 || pc.TrainPortion != d.TrainPortion || d.LR != 0.1 || d.HessianEps != 1e-2 || pc.HessianEps != d.HessianEps ||
		d.HessianBatches != 2 || pc.HessianBatches != 2 {
		t.Errorf("quick DARTS: train portion %g/%g, lr %g, ε %g/%g, %d/%d Hessian batches; want 0.008 both, 0.1, 1e-2 both, 2 both",
			d.TrainPortion, pc.TrainPortion, d.LR, d.HessianEps, pc.HessianEps, d.HessianBatches, pc.HessianBatches)
	}
	if d.Net.C != pc.Net.C || d.Net.Layers != pc.Net.Layers || d.BatchSize != pc.BatchSize || d.Epochs != pc.Epochs ||
		d.StepsPerEpoch != pc.StepsPerEpoch || d.Seed != pc.Seed {
		t.Errorf("quick budgets differ: DARTS %s, PC-DARTS %s", d.Scale(), pc.Scale())
	}
	if pc.Net.PartialChannels != 4 || !pc.Net.EdgeNorm || pc.ArchWarmupEpochs != 7 || pc.ArchLR != 2*d.ArchLR || pc.LR != 0.1 {
		t.Errorf("quick PC-DARTS: K=%d, edge norm %v, warm-up %d, α lr %g, lr %g; want 4, true, 7, %g, 0.1",
			pc.Net.PartialChannels, pc.Net.EdgeNorm, pc.ArchWarmupEpochs, pc.ArchLR, pc.LR, 2*d.ArchLR)
	}
	if pc.Preset != PresetPCDARTS || pc.LRMin != 0 || pc.EvalBatches != d.EvalBatches || pc.HessianIters != d.HessianIters {
		t.Errorf("quick PC-DARTS: preset %q, lr min %g, %d eval batches, %d Hessian products", pc.Preset, pc.LRMin, pc.EvalBatches, pc.HessianIters)
	}
	if d.Net.PartialChannels != 0 || d.Net.EdgeNorm || d.ArchWarmupEpochs != 0 {
		t.Errorf("quick DARTS has PC-DARTS options: %+v", d.Net)
	}
	if got := pc.Scale(); got != "5 cells, C=4, batch 8, 24 epochs × 10 steps, K=4, edge norm." {
		t.Errorf("Scale: %q", got)
	}
	pd, _ := ModeCollapseRunConfig("paper")
	pp, _ := ModePCDARTSRunConfig("paper")
	if pd.Epochs != 50 || pd.BatchSize != 64 || pd.HessianEvery != 1 || pp.BatchSize != 256 || pp.ArchWarmupEpochs != 15 || pp.HessianEvery != 1 {
		t.Errorf("paper: DARTS %s, PC-DARTS %s", pd.Scale(), pp.Scale())
	}
	if r, _ := ModeEarlyStopRule("paper"); r.Window != 5 || r.Threshold != 0.75 {
		t.Errorf("paper DARTS-ES: %+v, want k=5, T=0.75", r)
	}
	for _, f := range []func(string) (RunConfig, error){ModeCollapseRunConfig, ModePCDARTSRunConfig} {
		if _, err := f("fast"); err == nil || !strings.Contains(err.Error(), "quick or paper") {
			t.Errorf("mode fast: %v", err)
		}
	}
	if _, err := ModeEarlyStopRule("fast"); err == nil {
		t.Error("ModeEarlyStopRule(fast): no error")
	}
}
