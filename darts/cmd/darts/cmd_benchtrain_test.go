package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/train"
)

// TestBenchTrainTiny times two training steps of tiny CIFAR, ImageNet and PTB models and checks
// the report: the description, init, compile and first step apart, one line per step, the peak
// RSS, and last the median.
func TestBenchTrainTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs small training steps")
	}
	for _, tc := range []struct {
		args []string
		desc string
	}{
		{[]string{"-net", "cifar", "-layers", "3", "-channels", "4", "-batch", "2"},
			`cifar, DARTS_V2, 3 cells, C=4, batch 2 of 32x32x3 \(synthetic\), auxiliary true \(weight 0.4\), drop path 0.2`},
		{[]string{"-net", "imagenet", "-layers", "3", "-channels", "4", "-batch", "2", "-image", "32", "-auxiliary=false", "-genotype", "DARTS_V1"},
			`imagenet, DARTS_V1, 3 cells, C=4, batch 2 of 32x32x3 \(synthetic\), auxiliary false \(weight 0.4\), drop path 0\b`},
		{[]string{"-net", "rnn", "-hidden", "8", "-vocab", "50", "-batch", "4", "-bptt", "5"},
			`rnn, DARTS, 8 units, vocab 50, batch 4, bptt 5 \(synthetic tokens\), lr 20, clip 0.25`},
	} {
		code, out, errOut := call(append([]string{"bench-train", "-steps", "2", "-warmup", "1"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errOut)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		m := regexp.MustCompile(`^median_ms_per_step=([0-9]+\.[0-9])$`).FindStringSubmatch(lines[len(lines)-1])
		if m == nil || !regexp.MustCompile(`^peak_rss_mb=[1-9][0-9]*$`).MatchString(lines[len(lines)-2]) {
			t.Fatalf("%v: last lines %q, want peak_rss_mb=<MiB> then median_ms_per_step=<ms>; output:\n%s", tc.args, lines[len(lines)-2:], out)
		}
		if v, _ := strconv.ParseFloat(m[1], 64); v <= 0 {
			t.Errorf("%v: median %v ms, want > 0", tc.args, v)
		}
		for _, re := range []string{`(?m)^darts: backend \S+: `, `(?m)^# training step: ` + tc.desc + `; GOMAXPROCS=`,
			`(?m)^init_ms=[0-9.]+ `, `(?m)^compile_ms=[0-9.]+ `, `(?m)^first_step_ms=[0-9.]+ \(loss [0-9.]+\)$`,
			`(?m)^warmup 1: [0-9.]+ ms$`, `(?m)^step 1: [0-9.]+ ms \(loss [0-9.]+\)$`, `(?m)^step 2: [0-9.]+ ms \(loss [0-9.]+\)$`} {
			if !regexp.MustCompile(re).MatchString(out) {
				t.Errorf("%v: output lacks %s:\n%s", tc.args, re, out)
			}
		}
		if strings.Contains(out, "step 3:") || strings.Contains(out, "warmup 2:") {
			t.Errorf("%v: -steps 2 -warmup 1 ran more steps:\n%s", tc.args, out)
		}
	}
}

func TestBenchTrainErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-net", "lstm"}, `-net "lstm": want cifar, imagenet or rnn`},
		{[]string{"-steps", "0"}, "-steps 0: want at least 1"},
		{[]string{"-warmup", "-1"}, "-warmup -1"},
		{[]string{"-batch", "-2"}, "-batch -2: want at least 1"},
		{[]string{"-image", "-1", "-net", "imagenet"}, "-image -1: want at least 1"},
		{[]string{"-drop-path", "-0.5"}, "-drop-path -0.5: want a probability in [0, 1)"},
		{[]string{"-batch", "100000000"}, "needs about"},
		{[]string{"-batch", "1"}, "BatchSize=1, want >= 2"},
		{[]string{"-image", "64"}, "-image is for -net imagenet"},
		{[]string{"-net", "imagenet", "-channels", "5"}, "needs an even C"},
		{[]string{"-drop-path", "1"}, "-drop-path 1: want a probability"},
		{[]string{"-genotype", "NoSuchCell("}, "-genotype: "},
		{[]string{"-net", "rnn", "-batch", "1"}, "-batch 1: want at least 2"},
		{[]string{"-net", "rnn", "-hidden", "0"}, "-hidden 0: want at least 1"},
		{[]string{"-net", "rnn", "-batch", "100000000"}, "needs about"},
		{[]string{"-net", "rnn", "-bptt", "0"}, "-bptt 0"},
	} {
		code, out, errOut := call(append([]string{"bench-train"}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) || strings.Contains(out, "median_ms_per_step") {
			t.Errorf("bench-train %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

// TestBenchRNNTiny: bench-rnn's report ends with peak_rss_mb= then median_ms_per_step=, after
// the first step (with compilation), -warmup untimed and -steps timed steps.
func TestBenchRNNTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs a small recurrent search step")
	}
	code, out, errOut := call("bench-rnn", "-hidden", "8", "-vocab", "50", "-batch", "4", "-bptt", "5", "-steps", "2", "-warmup", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if n := len(lines); n < 2 || !regexp.MustCompile(`^peak_rss_mb=[1-9][0-9]*$`).MatchString(lines[n-2]) ||
		!regexp.MustCompile(`^median_ms_per_step=[0-9]+\.[0-9]$`).MatchString(lines[n-1]) {
		t.Fatalf("last lines are not peak_rss_mb= then median_ms_per_step=:\n%s", out)
	}
	for _, re := range []string{`(?m)^first_step_ms=[0-9.]+ \(step graph built and compiled, one step run; train loss [0-9.]+\)$`,
		`(?m)^warmup 1: [0-9.]+ ms$`, `(?m)^step 2: [0-9.]+ ms \(train loss [0-9.]+\)$`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output lacks %s:\n%s", re, out)
		}
	}
	if strings.Contains(out, "step 3:") {
		t.Errorf("-steps 2 timed three steps:\n%s", out)
	}
}

// TestBenchTrainProfile: -profile prints the machine's measured peak and, per kind of step, the
// time with its FLOP and byte rates against it, before the last two lines.
func TestBenchTrainProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs a small training step")
	}
	saved := peakSizes
	peakSizes = [2]int{64, 4}
	defer func() { peakSizes = saved }()
	code, out, errOut := call("bench-train", "-layers", "3", "-channels", "4", "-batch", "2", "-steps", "1", "-profile")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, re := range []string{`(?m)^# machine peak: sgemm [0-9.]+ GFLOP/s, copy [0-9.]+ GB/s from memory and [0-9.]+ GB/s within the cache`,
		`(?m)^step kind +calls +ops +total +share +GFLOP/s +GB/s +of peak$`,
		`(?m)^ConvGeneral/pointwise\S* +1?[0-9]+ +[0-9]+ +\S+ +[0-9.]+% +[0-9.]+ +[0-9.]+ +[0-9]+% F$`,
		`(?m)^fused elementwise +[0-9]+ +[0-9]+ +\S+ +[0-9.]+% +[0-9.]+ +[0-9.]+ +[0-9]+% B$`,
		`(?m)^# convolutions and matrix products [0-9.]+% of the time`,
		`peak_rss_mb=[0-9]+\nmedian_ms_per_step=[0-9.]+\n$`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output lacks %s:\n%s", re, out)
		}
	}
}

// TestBenchTrainMemoryEstimate: the paper's ImageNet step is estimated at the size of its cells'
// activations (28×28 after the stems), not of 224×224 cells: a few GB, which this machine has,
// and the same as train's estimate.
func TestBenchTrainMemoryEstimate(t *testing.T) {
	g, err := resolveGenotype("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	cfg := train.PaperImageNet(g)
	got := cnnStepMemory(cfg, 224)
	if want := evalMemory(cfg.BatchSize, cfg.Net.C, cfg.Net.Layers, evalPixels(cfg.Net.Kind)); got != want || got > 16<<30 {
		t.Errorf("paper ImageNet step: %s estimated, want %s (under 16 GB)", byteSize(got), byteSize(want))
	}
	if got, want := cnnStepMemory(train.PaperCIFAR(g), 32), evalMemory(96, 36, 20, 32*32); got != want {
		t.Errorf("paper CIFAR-10 step: %s estimated, want %s", byteSize(got), byteSize(want))
	}
}
