package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/rnn"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
)

// TestSearchHyperParameterFlags: each of search's real-valued hyper-parameters given as a flag
// reaches config.json; a value out of range is a usage error naming the flag.
func TestSearchHyperParameterFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"search", "-out", out, "-data", "synthetic", "-layers", "3", "-channels", "4", "-batch", "4",
		"-epochs", "1", "-steps-per-epoch", "1", "-quick",
		"-lr", "0.05", "-lr-min", "0.002", "-momentum", "0.8", "-weight-decay", "1e-4", "-grad-clip", "3",
		"-arch-weight-decay", "2e-3", "-train-portion", "0.6", "-cutout", "8"}
	if code, _, errOut := call(args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cfg search.RunConfig
	data, _ := os.ReadFile(filepath.Join(out, "config.json"))
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Cutout != 8 {
		t.Errorf("config.json: cutout %d, want 8", cfg.Cutout)
	}
	code, _, errOut := call(append(args, "-resume", "-cutout", "16")...)
	if code != 2 || !strings.Contains(errOut, "(stored → flags): cutout: 8 → 16;") {
		t.Errorf("resume -cutout 16: exit %d, stderr %q; want exit 2 and cutout: 8 → 16", code, errOut)
	}
	got := []float64{cfg.LR, cfg.LRMin, cfg.Momentum, cfg.WeightDecay, cfg.GradClip, cfg.ArchLR, cfg.ArchWeightDecay, cfg.TrainPortion}
	// -arch-lr not given: -quick's value stays.
	want := []float64{0.05, 0.002, 0.8, 1e-4, 3, search.QuickRunConfig(1).ArchLR, 2e-3, 0.6}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("config.json: lr, lr_min, momentum, weight_decay, grad_clip, arch_lr, arch_weight_decay, train_portion = %v, want %v", got, want)
			break
		}
	}
	empty := t.TempDir()
	for _, tc := range []struct{ args, want string }{
		{"-lr 0", "-lr 0: want more than 0"},
		{"-momentum 1", "-momentum 1: want in [0, 1)"},
		{"-weight-decay -1", "-weight-decay -1: want 0 or more"},
		{"-train-portion 1", "-train-portion 1: want in (0, 1)"},
		{"-arch-lr -0.1", "-arch-lr -0.1: want more than 0"},
	} {
		code, _, errOut := call(append([]string{"search", "-out", empty, "-data", "synthetic"}, strings.Fields(tc.args)...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("search %s: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestTrainHyperParameterFlags: train's real-valued hyper-parameters given as flags reach
// config.json; the others keep -quick's values; a value out of range is a usage error.
func TestTrainHyperParameterFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"train", "-data", "synthetic", "-quick", "-genotype", "DARTS_V1", "-layers", "3", "-channels", "4",
		"-batch", "4", "-epochs", "1", "-steps-per-epoch", "1", "-out", out,
		"-lr", "0.03", "-lr-min", "0.001", "-momentum", "0.85", "-weight-decay", "5e-4", "-aux-weight", "0.3",
		"-drop-path", "0.1", "-label-smoothing", "0.05", "-cutout", "8", "-decay-period", "3"}
	if code, _, errOut := call(args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cfg train.Config
	data, _ := os.ReadFile(filepath.Join(out, "config.json"))
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Cutout != 8 || cfg.DecayPeriod != 3 {
		t.Errorf("config.json: cutout %d, decay_period %d; want 8, 3", cfg.Cutout, cfg.DecayPeriod)
	}
	// The integer flags are compared on -resume too (the original command line plus -resume and
	// the changed flag: only that field differs, named by its stored key).
	for _, tc := range []struct{ flags, diff string }{
		{"-cutout 16", "cutout: 8 → 16"},
		{"-decay-period 2", "decay_period: 3 → 2"},
	} {
		code, _, errOut := call(append(append(args, "-resume"), strings.Fields(tc.flags)...)...)
		if code != 2 || !strings.Contains(errOut, "(stored → flags): "+tc.diff+";") {
			t.Errorf("resume %s: exit %d, stderr %q; want exit 2 and %q", tc.flags, code, errOut, tc.diff)
		}
	}
	got := []float64{cfg.LR, cfg.LRMin, cfg.Momentum, cfg.WeightDecay, cfg.GradClip, cfg.AuxWeight, cfg.DropPath, cfg.LabelSmoothing}
	want := []float64{0.03, 0.001, 0.85, 5e-4, train.QuickCIFAR(genotype.Genotype{}).GradClip, 0.3, 0.1, 0.05}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("config.json: lr, lr_min, momentum, weight_decay, grad_clip, aux_weight, drop_path, label_smoothing = %v, want %v", got, want)
			break
		}
	}
	empty := t.TempDir()
	for _, tc := range []struct{ args, want string }{
		{"-lr -1", "-lr -1: want more than 0"},
		{"-drop-path 1", "-drop-path 1: want in [0, 1)"},
		{"-label-smoothing 1.5", "-label-smoothing 1.5: want in [0, 1)"},
		{"-gamma 0", "-gamma 0: want in (0, 1]"},
	} {
		code, _, errOut := call(append([]string{"train", "-out", empty, "-data", "synthetic"}, strings.Fields(tc.args)...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("train %s: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestRNNHyperParameterFlags: search-rnn's and train-rnn's hyper-parameters given as flags reach
// config.json (the others keep -quick's values); a value out of range is a usage error.
func TestRNNHyperParameterFlags(t *testing.T) {
	root := t.TempDir()
	corpus := tinyCorpus(t, filepath.Join(root, "corpus"), 1)
	drops := []string{"-dropout", "0.3", "-dropouth", "0.2", "-dropoutx", "0.15", "-dropouti", "0.05", "-dropoute", "0.01"}
	read := func(dir string, v any) {
		data, _ := os.ReadFile(filepath.Join(dir, "config.json"))
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	wantNet := func(n rnn.Config) {
		if got := []float64{n.Output, n.HiddenDrop, n.X, n.Input, n.Embedding}; got[0] != 0.3 || got[1] != 0.2 || got[2] != 0.15 || got[3] != 0.05 || got[4] != 0.01 {
			t.Errorf("dropouts %v, want [0.3 0.2 0.15 0.05 0.01]", got)
		}
	}
	out := filepath.Join(root, "s")
	args := append([]string{"search-rnn", "-out", out, "-data", corpus, "-lr", "10", "-bptt", "6", "-weight-decay", "1e-6", "-nhid", "6",
		"-clip", "0.5", "-arch-lr", "0.01", "-arch-weight-decay", "0.002", "-beta", "3e-3", "-alpha", "2"}, append(drops, tinyRNN...)...)
	if code, _, errOut := call(args...); code != 0 {
		t.Fatalf("search-rnn: exit %d: %s", code, errOut)
	}
	var s rnn.SearchConfig
	read(out, &s)
	if s.LR != 10 || s.BPTT != 6 || s.WeightDecay != 1e-6 || s.Clip != 0.5 || s.ArchLR != 0.01 || s.ArchWeightDecay != 0.002 {
		t.Errorf("search-rnn: lr %g bptt %d weight decay %g clip %g α lr %g α weight decay %g, want 10 6 1e-6 0.5 0.01 0.002",
			s.LR, s.BPTT, s.WeightDecay, s.Clip, s.ArchLR, s.ArchWeightDecay)
	}
	wantNet(s.Net)
	if s.Beta != 3e-3 || s.Alpha != 2 {
		t.Errorf("search-rnn: beta %g alpha %g, want 3e-3 2", s.Beta, s.Alpha)
	}
	if s.Net.Hidden != 6 || s.Seed != 3 {
		t.Errorf("search-rnn: hidden %d, seed %d; want 6 (-nhid) and 3 (train_search.py's seed)", s.Net.Hidden, s.Seed)
	}
	out = filepath.Join(root, "t")
	args = append([]string{"train-rnn", "-out", out, "-data", corpus, "-lr", "15", "-bptt", "7", "-weight-decay", "1e-6", "-emsize", "5",
		"-clip", "0.5", "-beta", "2e-3", "-nonmono", "3", "-alpha", "1.5", "-max-seq-len-delta", "4"}, append(drops, tinyRNN...)...)
	if code, _, errOut := call(args...); code != 0 {
		t.Fatalf("train-rnn: exit %d: %s", code, errOut)
	}
	var tr rnn.TrainRunConfig
	read(out, &tr)
	if o := tr.Opt; o.LR != 15 || tr.BPTT != 7 || o.WeightDecay != 1e-6 || o.Clip != 0.5 || o.Beta != 2e-3 || o.NonMono != 3 {
		t.Errorf("train-rnn: lr %g bptt %d weight decay %g clip %g beta %g nonmono %d, want 15 7 1e-6 0.5 2e-3 3",
			o.LR, tr.BPTT, o.WeightDecay, o.Clip, o.Beta, o.NonMono)
	}
	wantNet(tr.Net)
	// Before, every train-rnn ran with seed 3 whatever train.py's 1267 in PaperTrainConfig.
	if tr.Opt.Alpha != 1.5 || tr.MaxSeqLenDelta != 4 {
		t.Errorf("train-rnn: alpha %g, max_seq_len_delta %d; want 1.5, 4", tr.Opt.Alpha, tr.MaxSeqLenDelta)
	}
	if tr.Net.Hidden != 5 || tr.Seed != 1267 {
		t.Errorf("train-rnn: hidden %d, seed %d; want 5 (-emsize) and 1267 (train.py's seed)", tr.Net.Hidden, tr.Seed)
	}
	code, _, errOut := call("train-rnn", "-out", out, "-resume", "-nhid", "7")
	if code != 2 || !strings.Contains(errOut, "net.hidden: 5 → 7") {
		t.Errorf("train-rnn -resume -nhid 7: exit %d, stderr %q; want exit 2 and net.hidden: 5 → 7", code, errOut)
	}
	for _, tc := range []struct{ cmd, args, want string }{
		{"search-rnn", "-dropout 1", "-dropout 1: want in [0, 1)"},
		{"search-rnn", "-lr 0", "-lr 0: want more than 0"},
		{"train-rnn", "-clip -1", "-clip -1: want more than 0"},
		{"search-rnn", "-alpha -1", "-alpha -1: want 0 or more"},
		{"train-rnn", "-nonmono 0", "-nonmono 0: want at least 1"},
		{"train-rnn", "-emsize 5 -nhid 6", "-emsize 5 -nhid 6: the model ties them"},
	} {
		code, _, errOut := call(append([]string{tc.cmd, "-out", filepath.Join(root, "e"), "-data", corpus}, strings.Fields(tc.args)...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s %s: exit %d, stderr %q; want exit 2 and %q", tc.cmd, tc.args, code, errOut, tc.want)
		}
	}
}

// TestTrainRNNMaxSeqLenDelta: -max-seq-len-delta caps the training windows: one pass over the
// same text in windows drawn around -bptt 10 takes more steps when they are capped at 11 than at
// the reference's 30.
func TestTrainRNNMaxSeqLenDelta(t *testing.T) {
	root := t.TempDir()
	corpus := tinyCorpus(t, filepath.Join(root, "corpus"), 1)
	steps := map[string]int{}
	for _, delta := range []string{"1", "20"} {
		out := filepath.Join(root, delta)
		if code, _, errOut := call("train-rnn", "-out", out, "-data", corpus, "-quick", "-nhid", "4", "-batch", "4", "-epochs", "1",
			"-steps-per-epoch", "0", "-bptt", "10", "-max-seq-len-delta", delta); code != 0 {
			t.Fatalf("-max-seq-len-delta %s: exit %d: %s", delta, code, errOut)
		}
		var rec struct {
			Steps int `json:"steps"`
		}
		if err := json.Unmarshal([]byte(lines(t, filepath.Join(out, "metrics.jsonl"))[0]), &rec); err != nil {
			t.Fatal(err)
		}
		steps[delta] = rec.Steps
	}
	if steps["1"] <= steps["20"] {
		t.Errorf("one pass: %d steps with -max-seq-len-delta 1, %d with 20; want more with the tighter cap", steps["1"], steps["20"])
	}
}
