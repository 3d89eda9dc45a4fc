package main

import (
	"fmt"
	"github.com/dartsml/godarts/data/text"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrainSynthetic trains a tiny network for one short epoch on synthetic images: the run
// directory gets its records, and a second start on it is refused without -resume.
func TestTrainSynthetic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"train", "-data", "synthetic", "-quick", "-genotype", "DARTS_V1", "-layers", "3", "-channels", "4",
		"-batch", "4", "-epochs", "1", "-steps-per-epoch", "2", "-paper-schedule", "-out", out}
	code, stdout, stderr := call(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// -paper-schedule: the one epoch at η(0); the reference's offset would train it at η(1) = 0.
	if !strings.Contains(stdout, "epoch 1: lr 0.05000 drop-path 0.000;") {
		t.Errorf("stdout lacks the epoch line: %q", stdout)
	}
	for _, f := range []string{"config.json", "data.json", "metrics.jsonl", "checkpoint.bin"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("run directory lacks %s", f)
		}
	}
	checkFileEpochs(t, filepath.Join(out, "metrics.jsonl"), 1)
	if code, _, stderr := call(args...); code != 2 || !strings.Contains(stderr, "already holds a run") {
		t.Errorf("second start: exit %d, stderr %q; want a refusal", code, stderr)
	}
	if code, _, stderr := call("train", "-genotype", "Genotype(normal=[('bad_op', 0)])", "-out", out+"2"); code != 2 || !strings.Contains(stderr, "-genotype") {
		t.Errorf("bad genotype: exit %d, stderr %q", code, stderr)
	}
}

// TestTrainImageNetFolder runs the ImageNet network (3 cells, 8 channels, 224×224) for two steps
// on a generated folder with train/ and val/ class folders of PNGs.
func TestTrainImageNetFolder(t *testing.T) {
	root := t.TempDir()
	for _, split := range []string{"train", "val"} {
		for c, class := range []string{"cat", "dog"} {
			dir := filepath.Join(root, split, class)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range 4 {
				img := image.NewNRGBA(image.Rect(0, 0, 40+i, 30))
				for p := range img.Pix {
					img.Pix[p] = uint8(p*7 + c*90 + i)
				}
				f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%d.png", i)))
				if err != nil {
					t.Fatal(err)
				}
				if err := png.Encode(f, img); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
		}
	}
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := call("train", "-net", "imagenet", "-quick", "-data", root, "-batch", "4",
		"-epochs", "1", "-steps-per-epoch", "2", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "epoch 1:") {
		t.Errorf("stdout lacks the epoch line: %q", stdout)
	}
	if code, _, stderr := call("train", "-net", "imagenet", "-out", out+"2"); code != 2 || !strings.Contains(stderr, "needs -data DIR") {
		t.Errorf("no -data: exit %d, stderr %q", code, stderr)
	}
	// The folder's identity is stored; a resume on the same files goes on, on changed files it
	// is refused: one image rewritten at another size (the same number of images, which the
	// batcher's own state does not notice).
	data, err := os.ReadFile(filepath.Join(out, "data.json"))
	if err != nil || !strings.Contains(string(data), `"checksum": "files-sha256:`) {
		t.Fatalf("data.json: %s %v; want the folder's identity", data, err)
	}
	if code, _, stderr := call("train", "-out", out, "-resume"); code != 0 {
		t.Errorf("resume on the same folder: exit %d, stderr %q", code, stderr)
	}
	img, err := os.ReadFile(filepath.Join(root, "train", "cat", "0.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "train", "cat", "0.png"), append(img, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := call("train", "-out", out, "-resume"); code == 0 || !strings.Contains(stderr, "is not the data the run in") {
		t.Errorf("resume on a changed folder: exit %d, stderr %q; want a refusal", code, stderr)
	}
}

// TestRandomSearchAndSelect runs both selections on synthetic data with two tiny candidates and
// checks the report; a rerun on the same folder reads the finished results back.
func TestRandomSearchAndSelect(t *testing.T) {
	tiny := []string{"-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4", "-epochs", "1", "-steps-per-epoch", "2"}
	out := filepath.Join(t.TempDir(), "random")
	code, stdout, stderr := call(append([]string{"random-search", "-samples", "2", "-out", out}, tiny...)...)
	if code != 0 {
		t.Fatalf("random-search: exit %d: %s", code, stderr)
	}
	if strings.Count(stdout, "validation accuracy") != 2 || !strings.Contains(stdout, "darts train -genotype") {
		t.Errorf("random-search output: %q", stdout)
	}
	code, again, stderr := call(append([]string{"random-search", "-samples", "2", "-out", out}, tiny...)...)
	report := func(s string) string { return s[strings.Index(s, "validation accuracy")-13:] }
	if code != 0 || !strings.Contains(again, "continuing the selection") || report(again) != report(stdout) {
		t.Errorf("rerun: exit %d %s: %q, want the first run's report %q", code, stderr, again, stdout)
	}
	out = filepath.Join(t.TempDir(), "select")
	code, stdout, stderr = call(append([]string{"select", "-genotype", "DARTS_V1", "-genotype", "DARTS_V2", "-out", out}, tiny...)...)
	if code != 0 {
		t.Fatalf("select: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "DARTS_V1") || !strings.Contains(stdout, "DARTS_V2") {
		t.Errorf("select output: %q", stdout)
	}
	if code, _, stderr := call("select", "-genotype", "DARTS_V1", "-out", filepath.Join(t.TempDir(), "one")); code != 2 || !strings.Contains(stderr, "at least two") {
		t.Errorf("one candidate: exit %d, %q", code, stderr)
	}
}

// TestTrainRepeats trains twice (two seeds) and reports mean ± std of the test error; a rerun
// finds both finished.
func TestTrainRepeats(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rep")
	args := []string{"train", "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4",
		"-epochs", "1", "-steps-per-epoch", "2", "-repeats", "2", "-seed", "5", "-out", out}
	code, stdout, stderr := call(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "test error over 2 trainings: ") {
		t.Errorf("no summary: %q", stdout)
	}
	for _, s := range []string{"seed5", "seed6"} {
		if _, err := os.Stat(filepath.Join(out, s, "metrics.jsonl")); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	code, again, stderr := call(args...)
	if code != 0 || strings.Count(again, "finished earlier") != 2 {
		t.Errorf("rerun: exit %d %s: %q", code, stderr, again)
	}
}

// TestRNNCommands runs search-rnn and train-rnn for one short epoch each on the real Penn
// Treebank (skipped without it).
func TestRNNCommands(t *testing.T) {
	if _, err := text.FindPTB(""); err != nil {
		t.Skip(err)
	}
	tiny := []string{"-quick", "-epochs", "1", "-steps-per-epoch", "2", "-batch", "4"}
	out := filepath.Join(t.TempDir(), "s")
	code, stdout, stderr := call(append([]string{"search-rnn", "-out", out, "-move-embedding"}, tiny...)...)
	if code != 0 || !strings.Contains(stdout, "validation perplexity") {
		t.Fatalf("search-rnn: exit %d: %s\n%s", code, stdout, stderr)
	}
	if cfg, err := os.ReadFile(filepath.Join(out, "config.json")); err != nil || !strings.Contains(string(cfg), `"move_embedding": true`) {
		t.Errorf("search-rnn -move-embedding: config.json %s %v", cfg, err)
	}
	if _, err := os.Stat(filepath.Join(out, "genotype.json")); err != nil {
		t.Error(err)
	}
	checkFileEpochs(t, filepath.Join(out, "metrics.jsonl"), 1)
	checkFileEpochs(t, filepath.Join(out, "alphas.jsonl"), 1)
	out = filepath.Join(t.TempDir(), "t")
	code, stdout, stderr = call(append([]string{"train-rnn", "-genotype", filepath.Join(filepath.Dir(out), "..", "nope"), "-out", out}, tiny...)...)
	if code != 2 {
		t.Errorf("bad genotype: exit %d %s", code, stderr)
	}
	if code, _, stderr = call("train-rnn", "-out", out, "-test-batch", "0"); code != 2 || !strings.Contains(stderr, "-test-batch 0") {
		t.Errorf("-test-batch 0: exit %d %s", code, stderr)
	}
	code, stdout, stderr = call(append([]string{"train-rnn", "-out", out, "-test-batch", "3"}, tiny...)...)
	if code != 0 || !strings.Contains(stdout, "test") {
		t.Fatalf("train-rnn: exit %d: %s\n%s", code, stdout, stderr)
	}
	if cfg, err := os.ReadFile(filepath.Join(out, "config.json")); err != nil || !strings.Contains(string(cfg), `"test_batch_size": 3`) {
		t.Errorf("train-rnn -test-batch 3: config.json %s %v", cfg, err)
	}
	checkFileEpochs(t, filepath.Join(out, "metrics.jsonl"), 1)
}

// TestRNNSelectionCommands: random-search-rnn samples and trains two cells and names the best;
// run again, it reads them back instead of training; select-rnn wants two candidates.
func TestRNNSelectionCommands(t *testing.T) {
	if _, err := text.FindPTB(""); err != nil {
		t.Skip(err)
	}
	tiny := []string{"-quick", "-epochs", "1", "-steps-per-epoch", "2", "-batch", "4"}
	out := filepath.Join(t.TempDir(), "r")
	code, stdout, stderr := call(append([]string{"random-search-rnn", "-out", out, "-samples", "2"}, tiny...)...)
	if code != 0 || strings.Count(stdout, "validation perplexity") != 2 || !strings.Contains(stdout, "* random0") {
		t.Fatalf("random-search-rnn: exit %d: %s\n%s", code, stdout, stderr)
	}
	best, err := os.ReadFile(filepath.Join(out, "best_genotype.txt"))
	if err != nil || !strings.HasPrefix(string(best), "Genotype(recurrent=[") {
		t.Fatalf("best_genotype.txt: %q, %v", best, err)
	}
	code, again, stderr := call("random-search-rnn", "-out", out)
	if code != 0 || !strings.Contains(again, "continuing the selection") || strings.Contains(stderr, "epoch 1/1") {
		t.Errorf("rerun: exit %d: %s\n%s", code, again, stderr)
	}
	code, _, stderr = call(append([]string{"select-rnn", "-out", filepath.Join(t.TempDir(), "s"), "-genotype", "DARTS"}, tiny...)...)
	if code != 2 || !strings.Contains(stderr, "give at least two candidates") {
		t.Errorf("select-rnn with one candidate: exit %d: %s", code, stderr)
	}
}
