package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/text"
)

// tinyCorpus writes a corpus folder (train.txt, valid.txt, test.txt) of 12 words, every word in
// every split, so that a recurrent search on it takes seconds; shuffled by seed (the same
// vocabulary for every seed).
func tinyCorpus(t *testing.T, dir string, seed uint64) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("the cat sat on a mat and dog ran to its bed")
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, split := range []string{"train", "valid", "test"} {
		var b strings.Builder
		for line := range 60 {
			b.WriteString(strings.Join(words, " ")) // every word, so the vocabulary never changes
			for range 10 + line%7 {
				b.WriteString(" " + words[rng.IntN(len(words))])
			}
			b.WriteString("\n")
		}
		if err := os.WriteFile(filepath.Join(dir, split+".txt"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var (
	tinyTrain = []string{"-data", "synthetic", "-quick", "-genotype", "DARTS_V1", "-layers", "3", "-channels", "4",
		"-batch", "4", "-epochs", "1", "-steps-per-epoch", "1"}
	tinyRNN = []string{"-quick", "-epochs", "1", "-steps-per-epoch", "1", "-batch", "4"}
)

// TestOneWriterPerRunFolder: while a process holds a run folder, every command that writes one
// is refused with the holder's pid, and writes nothing there. (Before the lock, two searches on
// one folder both ran and interleaved their records.)
func TestOneWriterPerRunFolder(t *testing.T) {
	root := t.TempDir()
	corpus := tinyCorpus(t, filepath.Join(root, "corpus"), 1)
	out := filepath.Join(root, "run")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	release, err := (&rundir.Dir{Path: out}).Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	want := fmt.Sprintf("is being written by process %d", os.Getpid())
	for _, args := range [][]string{
		append([]string{"search", "-out", out}, tiny...),
		append([]string{"train", "-out", out}, tinyTrain...),
		append([]string{"random-search", "-out", out, "-samples", "1"}, tinyTrain[:len(tinyTrain)]...),
		append([]string{"select", "-out", out, "-genotype", "DARTS_V2"}, tinyTrain...),
		append([]string{"search-rnn", "-out", out, "-data", corpus}, tinyRNN...),
		append([]string{"train-rnn", "-out", out, "-data", corpus}, tinyRNN...),
		append([]string{"random-search-rnn", "-out", out, "-data", corpus, "-samples", "1"}, tinyRNN...),
		append([]string{"select-rnn", "-out", out, "-data", corpus, "-genotype", "DARTS", "-genotype", "DARTS_V1"}, tinyRNN...),
	} {
		code, _, stderr := call(args...)
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("%s with the folder locked: exit %d, stderr %q; want exit 1 and %q", args[0], code, stderr, want)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != rundir.LockFile {
		t.Errorf("the locked folder got files: %v", entries)
	}
}

// TestSearchResumeRefusesDifferentRun: an edited config.json, changed flags, or a -resume while
// the run still goes are refused, each naming what differs.
func TestSearchResumeRefusesDifferentRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := append([]string{"search", "-out", out}, "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4", "-epochs", "1", "-steps-per-epoch", "1")
	if code, _, stderr := call(args...); code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	cfgPath := filepath.Join(out, rundir.ConfigFile)
	orig, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(strings.Replace(string(orig), `"seed": 2`, `"seed": 9`, 1), `"epochs": 1`, `"epochs": 6`, 1)
	if edited == string(orig) {
		t.Fatalf("config.json has no \"seed\": 2 / \"epochs\": 1:\n%s", orig)
	}
	os.WriteFile(cfgPath, []byte(edited), 0o644)
	code, _, stderr := call("search", "-out", out, "-resume")
	if code != 1 || !strings.Contains(stderr, "config.json differs from the run its checkpoint belongs to") ||
		!strings.Contains(stderr, "seed: 2 → 9") || !strings.Contains(stderr, "epochs: 1 → 6") {
		t.Errorf("edited config.json: exit %d, stderr %q", code, stderr)
	}
	os.WriteFile(cfgPath, orig, 0o644)
	if code, _, stderr := call("search", "-out", out, "-resume"); code != 0 {
		t.Errorf("resume of the restored run: exit %d: %s", code, stderr)
	}
	code, _, stderr = call("search", "-out", out, "-resume", "-seed", "5", "-layers", "3")
	if code != 2 || !strings.Contains(stderr, "seed: 2 → 5") {
		t.Errorf("-resume -seed 5: exit %d, stderr %q", code, stderr)
	}
	release, err := (&rundir.Dir{Path: out}).Lock()
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr = call("search", "-out", out, "-resume")
	release()
	if code != 1 || !strings.Contains(stderr, fmt.Sprintf("is being written by process %d", os.Getpid())) {
		t.Errorf("-resume while the run goes: exit %d, stderr %q", code, stderr)
	}
}

// TestTrainResumeRefusesChangedFlags: train -resume used to ignore -genotype, -layers, -data
// and -seed silently.
func TestTrainResumeRefusesChangedFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := append([]string{"train", "-out", out}, tinyTrain...)
	if code, _, stderr := call(args...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	if code, _, stderr := call(append(args, "-resume")...); code != 0 {
		t.Errorf("-resume with the original flags: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"-genotype", "DARTS_V2"}, `net.genotype.normal: [["sep_conv_3x3",1],["sep_conv_3x3",0],["skip_connect",0]`},
		{[]string{"-layers", "5"}, "net.layers: 3 → 5"},
		{[]string{"-seed", "4"}, "seed: 0 → 4"},
		{[]string{"-data", "cifar10"}, "the run in " + out + " trained on -data synthetic"},
	} {
		code, _, stderr := call(append(append(append([]string{}, args...), "-resume"), c.flags...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("train -resume %v: exit %d, stderr %q; want exit 2 and %q", c.flags, code, stderr, c.want)
		}
	}
}

// TestRNNResumeRefusesDifferentRun: search-rnn -resume used to ignore -epochs, -batch, -seed and
// -order, and resumed on another corpus of the same vocabulary size.
func TestRNNResumeRefusesDifferentRun(t *testing.T) {
	root := t.TempDir()
	corpus := tinyCorpus(t, filepath.Join(root, "corpus"), 1)
	out := filepath.Join(root, "run")
	args := append([]string{"search-rnn", "-out", out, "-data", corpus}, tinyRNN...)
	if code, stdout, stderr := call(args...); code != 0 {
		t.Fatalf("search-rnn: exit %d: %s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := call("search-rnn", "-out", out, "-resume"); code != 0 {
		t.Errorf("-resume with -out only: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"-epochs", "2"}, "epochs: 1 → 2"},
		{[]string{"-batch", "8"}, "batch_size: 4 → 8"},
		{[]string{"-seed", "9"}, "seed: 3 → 9"},
		{[]string{"-order", "2"}, "order: 1 → 2"},
	} {
		code, _, stderr := call(append(append(append([]string{}, args...), "-resume"), c.flags...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("search-rnn -resume %v: exit %d, stderr %q; want exit 2 and %q", c.flags, code, stderr, c.want)
		}
	}
	tinyCorpus(t, corpus, 2) // other sentences, the same 12 words
	code, _, stderr := call("search-rnn", "-out", out, "-resume")
	if code != 1 || !strings.Contains(stderr, "is not the one the run in "+out+" used") {
		t.Errorf("another corpus of the same vocabulary: exit %d, stderr %q", code, stderr)
	}
}

// TestRNNResumeHintWorksOutsideRepository: the corpus found through the repository
// (../shared/data) is recorded with its absolute path, so the printed `darts train-rnn -out DIR
// -resume` works from any folder; a relative -out is printed absolute.
func TestRNNResumeHintWorksOutsideRepository(t *testing.T) {
	if _, err := text.FindPTB(""); err != nil {
		t.Skip(err)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	out := filepath.Join(t.TempDir(), "run")
	afterNotify = func() { syscall.Kill(os.Getpid(), syscall.SIGINT) }
	code, _, stderr := call(append([]string{"train-rnn", "-out", out}, tinyRNN...)...)
	afterNotify = nil
	hint := "darts train-rnn -out " + out + " -resume"
	if code != 1 || !strings.Contains(stderr, hint) || !strings.Contains(stderr, "darts train-rnn: interrupt") {
		t.Fatalf("interrupted train-rnn: exit %d, stderr %q", code, stderr)
	}
	if err := os.Chdir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := call(strings.Fields(strings.TrimPrefix(hint, "darts "))...); code != 0 {
		t.Errorf("the hint, outside the repository: exit %d: %s", code, stderr)
	}
	// A relative -out is printed absolute, so the hint works from anywhere.
	afterNotify = func() { syscall.Kill(os.Getpid(), syscall.SIGINT) }
	code, _, stderr = call(append([]string{"search", "-out", "rel"}, tiny...)...)
	afterNotify = nil
	cwd, _ := os.Getwd()
	if code != 1 || !strings.Contains(stderr, "darts search -out "+filepath.Join(cwd, "rel")+" -resume") {
		t.Errorf("interrupted search with -out rel: exit %d, stderr %q", code, stderr)
	}
}

// TestSelectionRerunRefusesChangedFlags: a selection continues when run again, with its stored
// settings; flags that would change them were ignored silently, now they are refused.
func TestSelectionRerunRefusesChangedFlags(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "random")
	args := append([]string{"random-search", "-out", out, "-samples", "1"}, tinyTrain...)
	if code, _, stderr := call(args...); code != 0 {
		t.Fatalf("random-search: exit %d: %s", code, stderr)
	}
	code, _, stderr := call(append(args, "-seed", "5")...)
	if code != 2 || !strings.Contains(stderr, "config.seed: 0 → 5") || !strings.Contains(stderr, "candidates: [\"random00 Genotype(normal=") {
		t.Errorf("rerun with -seed 5: exit %d, stderr %q", code, stderr)
	}
	corpus := tinyCorpus(t, filepath.Join(root, "corpus"), 1)
	out = filepath.Join(root, "rnn")
	args = append([]string{"random-search-rnn", "-out", out, "-data", corpus, "-samples", "1"}, tinyRNN...)
	if code, _, stderr := call(args...); code != 0 {
		t.Fatalf("random-search-rnn: exit %d: %s", code, stderr)
	}
	code, _, stderr = call("random-search-rnn", "-out", out, "-epochs", "2")
	if code != 2 || !strings.Contains(stderr, "config.epochs: 1 → 2") {
		t.Errorf("rerun with -epochs 2: exit %d, stderr %q", code, stderr)
	}
	if code, stdout, stderr := call("random-search-rnn", "-out", out); code != 0 || !strings.Contains(stdout, "continuing the selection") {
		t.Errorf("rerun with -out only: exit %d: %s %s", code, stdout, stderr)
	}
}
