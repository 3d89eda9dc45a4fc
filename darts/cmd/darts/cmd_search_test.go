package main

import (
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/data/cifar10"
)

// tiny is a search that runs in seconds: 3 cells of 4 channels, batches of 4, 2 epochs of 2 steps.
var tiny = []string{"-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4", "-epochs", "2", "-steps-per-epoch", "2"}

func searchArgs(out string, extra ...string) []string {
	return append(append([]string{"search", "-out", out}, tiny...), extra...)
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

// checkFileEpochs requires the "epoch" of every line of a run's per-epoch file to be want, as
// stored (new runs number them from 1).
func checkFileEpochs(t *testing.T, path string, want ...int) {
	t.Helper()
	var got []int
	for _, l := range lines(t, path) {
		var r struct{ Epoch int }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r.Epoch)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s numbers the epochs %v, want %v", path, got, want)
	}
}

// TestSearchInterruptAndResume runs a search to the end, runs the same search again but sends
// the process a real SIGINT once the handler is installed, resumes it, and requires the
// resumed run's α records to equal the uninterrupted run's.
func TestSearchInterruptAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three small searches")
	}
	full := filepath.Join(t.TempDir(), "full")
	code, out, errOut := call(searchArgs(full)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"config.json", "metrics.jsonl", "alphas.jsonl", "genotype.json", "genotype.txt", "checkpoint.bin", "data.json"} {
		if _, err := os.Stat(filepath.Join(full, f)); err != nil {
			t.Errorf("run directory lacks %s: %v", f, err)
		}
	}
	if n := len(lines(t, filepath.Join(full, "metrics.jsonl"))); n != 2 {
		t.Errorf("metrics.jsonl has %d lines, want 2 (one per epoch)", n)
	}
	checkFileEpochs(t, filepath.Join(full, "metrics.jsonl"), 1, 2)
	checkFileEpochs(t, filepath.Join(full, "alphas.jsonl"), 1, 2)
	if !strings.Contains(out, "epoch 2/2:") || !strings.Contains(out, "Genotype(normal=[") {
		t.Errorf("stdout lacks the epoch lines or the genotype:\n%s", out)
	}
	// stderr is a buffer here, not a terminal: plain progress lines, no bar redrawn with "\r".
	if !strings.Contains(errOut, "\nepoch 1/2 step 1/") && !strings.HasPrefix(errOut, "epoch 1/2 step 1/") ||
		!strings.Contains(errOut, " ETA ") || strings.Contains(errOut, "\r") {
		t.Errorf("stderr lacks the plain progress lines:\n%q", errOut)
	}

	dir := filepath.Join(t.TempDir(), "interrupted")
	afterNotify = func() { syscall.Kill(os.Getpid(), syscall.SIGINT) }
	code, _, errOut = call(searchArgs(dir)...)
	afterNotify = nil
	if code != 1 || !strings.Contains(errOut, "interrupted: checkpoint written to") ||
		!strings.Contains(errOut, "darts search -out "+dir+" -resume") {
		t.Fatalf("interrupted run: exit %d, stderr:\n%s", code, errOut)
	}
	// Resuming needs only -out: the configuration and the data come from the run directory.
	if code, _, errOut = call("search", "-out", dir, "-resume"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errOut)
	}
	want, got := lines(t, filepath.Join(full, "alphas.jsonl")), lines(t, filepath.Join(dir, "alphas.jsonl"))
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("resumed α records differ from the uninterrupted run's:\n%s\nvs\n%s", got, want)
	}

	// The same command line plus -resume is accepted (the flags agree with the stored config);
	// the search is finished, so nothing is added.
	if code, _, errOut = call(searchArgs(dir, "-resume")...); code != 0 {
		t.Fatalf("resume with the original flags: exit %d: %s", code, errOut)
	}
	if n := len(lines(t, filepath.Join(dir, "metrics.jsonl"))); n != 2 {
		t.Errorf("after resuming a finished search metrics.jsonl has %d lines, want 2", n)
	}
	// Flags that change the configuration are refused, as is starting over an existing run.
	code, _, errOut = call(searchArgs(dir, "-resume", "-epochs", "3")...)
	if code != 2 || !strings.Contains(errOut, "(stored → flags): epochs: 2 → 3;") {
		t.Errorf("resume with -epochs 3: exit %d, stderr %s", code, errOut)
	}
	// So are the reference-or-paper options (the run has the defaults, the reference's).
	for _, tc := range []struct {
		flags []string
		diff  string
	}{
		{[]string{"-split", "random"}, `split: "reference" → "random";`},
		{[]string{"-bn-stats", "weight-step"}, `bn_stats: "reference" → "weight-step";`},
		{[]string{"-paper-schedule"}, "schedule_offset: 1 → (none);"},
	} {
		code, _, errOut = call(searchArgs(dir, append([]string{"-resume"}, tc.flags...)...)...)
		if code != 2 || !strings.Contains(errOut, "(stored → flags): "+tc.diff) {
			t.Errorf("resume with %v: exit %d, stderr %s", tc.flags, code, errOut)
		}
	}
	code, _, errOut = call(searchArgs(dir)...)
	if code != 1 || !strings.Contains(errOut, "already holds a search") {
		t.Errorf("search over an existing run: exit %d, stderr %s", code, errOut)
	}
}

// TestSearchReferenceOptions: -bn-stats, -paper-schedule and -split reach the stored
// configuration; by default each follows the reference code.
func TestSearchReferenceOptions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two small searches")
	}
	for _, tc := range []struct {
		flags []string
		want  [3]any
	}{
		{nil, [3]any{search.FollowReference, 1, search.FollowReference}},
		{[]string{"-bn-stats", "weight-step", "-paper-schedule", "-split", "random"}, [3]any{search.BNStatsWeightStep, 0, search.SplitRandom}},
	} {
		out := filepath.Join(t.TempDir(), "run")
		args := append([]string{"search", "-out", out, "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4",
			"-epochs", "1", "-steps-per-epoch", "1"}, tc.flags...)
		if code, _, errOut := call(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.flags, code, errOut)
		}
		var cfg search.RunConfig
		data, _ := os.ReadFile(filepath.Join(out, "config.json"))
		if err := json.Unmarshal(data, &cfg); err != nil {
			t.Fatal(err)
		}
		if got := [3]any{cfg.BNStats, cfg.ScheduleOffset, cfg.Split}; got != tc.want {
			t.Errorf("%v: BNStats, ScheduleOffset, Split = %v, want %v", tc.flags, got, tc.want)
		}
	}
}

// TestSearchImageFolder searches a folder of two classes of PNGs: the network gets 2 classes, and
// config.json records the random split the folder got (-split random, a folder's default);
// -split reference, which a folder cannot get, is refused.
func TestSearchImageFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search")
	}
	root := t.TempDir()
	for c, name := range []string{"cats", "dogs"} {
		if err := os.MkdirAll(filepath.Join(root, "data", name), 0o755); err != nil {
			t.Fatal(err)
		}
		for i := range 8 {
			img := image.NewNRGBA(image.Rect(0, 0, 40, 36))
			for p := 0; p < len(img.Pix); p += 4 {
				img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = uint8(100*c+i), uint8(p), 50, 255
			}
			img.Set(0, 0, color.White)
			f, err := os.Create(filepath.Join(root, "data", name, strings.Repeat("x", i+1)+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	out := filepath.Join(root, "run")
	code, stdout, errOut := call("search", "-data", filepath.Join(root, "data"), "-out", out, "-layers", "3", "-channels", "4",
		"-batch", "4", "-epochs", "1", "-steps-per-epoch", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cfg search.RunConfig
	data, _ := os.ReadFile(filepath.Join(out, "config.json"))
	if err := json.Unmarshal(data, &cfg); err != nil || cfg.Net.NumClasses != 2 || cfg.Split != search.SplitRandom {
		t.Errorf("config.json: %v, NumClasses %d, Split %q, want 2 and %q", err, cfg.Net.NumClasses, cfg.Split, search.SplitRandom)
	}
	if !strings.Contains(stdout, "weights on 8 images, α on 8") {
		t.Errorf("stdout:\n%s", stdout)
	}
	code, _, errOut = call("search", "-data", filepath.Join(root, "data"), "-out", filepath.Join(root, "ref"), "-split", "reference",
		"-layers", "3", "-channels", "4", "-batch", "4", "-epochs", "1", "-steps-per-epoch", "1")
	if code == 0 || !strings.Contains(errOut, "-split random") {
		t.Errorf("-split reference with a folder: exit %d, %s; want a refusal", code, errOut)
	}
}

// TestSearchCIFAR10Subset runs one step on the shared CIFAR-10 subset, found without -data-path.
func TestSearchCIFAR10Subset(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search")
	}
	if _, err := cifar10.Find(""); err != nil {
		t.Skipf("no CIFAR-10 here: %v", err)
	}
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, errOut := call("search", "-out", out, "-quick", "-layers", "3", "-epochs", "1", "-steps-per-epoch", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "search: cifar10 (/") || !strings.Contains(stdout, "3 cells, C=4, batch 8, 1 epochs of 1 steps") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestSearchErrors(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-data", "synthetic"}, 2, "-out DIR is required"},
		{[]string{"-out", empty, "-order", "3"}, 2, "-order 3: want 1 or 2"},
		{[]string{"-out", empty, "-dtype", "half"}, 2, "-dtype half: want float32, bfloat16 or float16"},
		{[]string{"-out", empty, "-mode", "greedy"}, 2, "-mode greedy: want bilevel, alternating or simultaneous"},
		{[]string{"-out", empty, "-layers", "0"}, 2, "-layers 0: want at least 1"},
		{[]string{"-out", empty, "-batch", "-1"}, 2, "-batch -1: want at least 1"},
		{[]string{"-out", empty, "-epochs", "0"}, 2, "-epochs 0: want at least 1"},
		{[]string{"-out", empty, "-steps-per-epoch", "-2"}, 2, "-steps-per-epoch -2"},
		{[]string{"-out", empty, "-bn-stats", "all"}, 2, "-bn-stats all: want reference or weight-step"},
		{[]string{"-out", empty, "-split", "halves"}, 2, "-split halves: want reference or random"},
		{[]string{"-out", empty, "-early-stop", "5"}, 2, "-early-stop 5: want a -hessian-every N to stop on"},
		{[]string{"-out", empty, "-early-stop-threshold", "-0.5"}, 2, "-early-stop-threshold -0.5: want 0 (the paper's 0.75) or more"},
		{[]string{"-out", empty, "-hessian-every", "-1"}, 2, "-hessian-every -1: want 0 (never) or more"},
		{[]string{"-out", empty, "-hessian-eps", "-0.01"}, 2, "-hessian-eps -0.01: want 0 (the default) or more"},
		{[]string{"-out", empty, "-data", "imagenet-nowhere"}, 2, `-data "imagenet-nowhere": neither cifar10, mnist, fashion nor synthetic`},
		{[]string{"-out", empty, "-data", "synthetic", "-data-path", "x"}, 2, "-data-path: -data synthetic reads no files"},
		{[]string{"-out", empty, "-data", "cifar10", "-data-path", "/no/such/cifar"}, 1, "-data cifar10: CIFAR-10: stat /no/such/cifar"},
		{[]string{"-out", empty, "-data", "mnist", "-data-path", "/no/such/mnist"}, 1, "-data mnist: "},
		{[]string{"-out", empty, "-resume"}, 1, "-resume: " + empty + " has no checkpoint.bin"},
		{[]string{"-out", filepath.Join(empty, "nope"), "-resume"}, 2, "-resume: run: stat"},
	} {
		code, _, errOut := call(append([]string{"search"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("search %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestPrintResultReferenceGenotype: after a search the final genotype is printed, and the
// reference code's (the last epoch's start_genotype) too when it differs.
func TestPrintResultReferenceGenotype(t *testing.T) {
	v1, err := genotype.Lookup("DARTS_V1")
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := genotype.Lookup("DARTS_V2")
	for _, tc := range []struct {
		start string
		want  bool
	}{{v1.String(), true}, {v2.String(), false}, {"", false}} {
		dir, err := rundir.Create(filepath.Join(t.TempDir(), "run"))
		if err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(dir.WriteJSON(rundir.ConfigFile, search.PaperRunConfig(1)))
		must(dir.WriteJSON(rundir.GenotypeFile, v2))
		must(dir.Append(rundir.MetricsFile, search.EpochRecord{Genotype: v2.String(), StartGenotype: tc.start}))
		must(dir.Append(rundir.AlphasFile, search.AlphaRecord{}))
		var out strings.Builder
		must(printResult(&out, dir))
		if got := strings.Contains(out.String(), "the reference code's final genotype"); got != tc.want ||
			!strings.Contains(out.String(), v2.String()) || (tc.want && !strings.Contains(out.String(), v1.String())) {
			t.Errorf("start genotype %q: output\n%s", tc.start, out.String())
		}
	}
}

// TestSearchHessianFlags: -hessian-every 1 writes the eigenvalue and the skip count into every
// line of metrics.jsonl and stores the options in config.json.
func TestSearchHessianFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search")
	}
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := call(searchArgs(out, "-hessian-every", "1", "-hessian-iters", "3", "-hessian-eps", "0.01")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for i, line := range lines(t, filepath.Join(out, "metrics.jsonl")) {
		if !strings.Contains(line, `"hessian_eigenvalue":`) || !strings.Contains(line, `"normal_skips":`) {
			t.Errorf("metrics.jsonl line %d lacks the eigenvalue or the skip count: %s", i+1, line)
		}
	}
	if cfg := strings.Join(lines(t, filepath.Join(out, "config.json")), ""); !strings.Contains(cfg, `"hessian_every": 1`) ||
		!strings.Contains(cfg, `"hessian_iters": 3`) || !strings.Contains(cfg, `"hessian_eps": 0.01`) {
		t.Errorf("config.json lacks the Hessian options: %s", cfg)
	}
}
