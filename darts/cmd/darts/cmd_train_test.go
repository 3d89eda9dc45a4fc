package main

import (
	"fmt"
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
		"-batch", "4", "-epochs", "1", "-steps-per-epoch", "2", "-out", out}
	code, stdout, stderr := call(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "epoch 1: lr 0.05000 drop-path 0.000;") {
		t.Errorf("stdout lacks the epoch line: %q", stdout)
	}
	for _, f := range []string{"config.json", "data.json", "metrics.jsonl", "checkpoint.bin"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("run directory lacks %s", f)
		}
	}
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
}
