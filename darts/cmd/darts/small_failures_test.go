package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStartAfreshAfterKillBeforeFirstCheckpoint: a search killed (SIGKILL) before its first
// checkpoint leaves config.json, data.json, maybe a record and a temporary file; that folder was
// accepted neither by -resume nor by a fresh start. Now a fresh start clears it and runs, and
// the stale temporary files go.
func TestStartAfreshAfterKillBeforeFirstCheckpoint(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	os.MkdirAll(out, 0o755)
	for name, content := range map[string]string{
		"config.json": `{"seed": 2}` + "\n", "data.json": `{"data": "synthetic"}` + "\n",
		"metrics.jsonl": `{"epoch": 0}` + "\n", ".checkpoint.bin.tmp123": "half a checkpoint",
		"checkpoint.bin.prev.tmp": "a link",
	} {
		os.WriteFile(filepath.Join(out, name), []byte(content), 0o644)
	}
	if code, _, stderr := call("search", "-out", out, "-resume"); code != 1 || !strings.Contains(stderr, "has no checkpoint.bin") {
		t.Errorf("-resume: exit %d, stderr %q", code, stderr)
	}
	args := []string{"search", "-out", out, "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4", "-epochs", "1", "-steps-per-epoch", "1"}
	if code, _, stderr := call(args...); code != 0 {
		t.Fatalf("fresh start: exit %d: %s", code, stderr)
	}
	if n := len(lines(t, filepath.Join(out, "metrics.jsonl"))); n != 1 {
		t.Errorf("metrics.jsonl has %d lines, want 1 (the killed run's record cleared)", n)
	}
	for _, stale := range []string{".checkpoint.bin.tmp123", "checkpoint.bin.prev.tmp"} {
		if _, err := os.Stat(filepath.Join(out, stale)); err == nil {
			t.Errorf("stale %s left", stale)
		}
	}
	// After a SIGKILL mid-write of a later checkpoint, -resume clears its temporary file too.
	os.WriteFile(filepath.Join(out, ".checkpoint.bin.tmp999"), []byte("x"), 0o644)
	if code, _, stderr := call("search", "-out", out, "-resume"); code != 0 {
		t.Fatalf("-resume: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, ".checkpoint.bin.tmp999")); err == nil {
		t.Error("-resume left the stale temporary file")
	}
}

// TestNoEmptyFolderAfterRecurrentErrors: search-rnn and train-rnn created the run folder before
// checking their flags, leaving empty folders behind.
func TestNoEmptyFolderAfterRecurrentErrors(t *testing.T) {
	root := t.TempDir()
	corpus := tinyCorpus(t, filepath.Join(root, "corpus"), 1)
	for _, args := range [][]string{
		{"search-rnn", "-data", corpus, "-order", "3", "-out", filepath.Join(root, "a")},
		{"train-rnn", "-data", corpus, "-genotype", "Genotype(recurrent=[('nope', 0)])", "-out", filepath.Join(root, "b")},
		{"train-rnn", "-data", filepath.Join(root, "no-corpus"), "-out", filepath.Join(root, "c")},
	} {
		code, _, stderr := call(args...)
		if code == 0 {
			t.Errorf("%v: exit 0", args)
		}
		if _, err := os.Stat(args[len(args)-1]); err == nil {
			t.Errorf("%v (stderr %q) left its run folder", args, stderr)
		}
	}
}

// TestInterruptMessageNamesCommand: the recurrent commands' interrupt message said "darts search".
func TestInterruptMessageNamesCommand(t *testing.T) {
	var buf bytes.Buffer
	stop, release := stopOnSignal("train-rnn", &buf)
	defer release()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	<-stop
	if !strings.Contains(buf.String(), "darts train-rnn: interrupt") {
		t.Errorf("message %q", buf.String())
	}
}

// TestSmallInputErrors: derive with a number beyond float32 said "expected a matrix of numbers";
// plot cell -run of a missing folder parsed the path as genotype text.
func TestSmallInputErrors(t *testing.T) {
	dir := t.TempDir()
	alphas := filepath.Join(dir, "a.json")
	os.WriteFile(alphas, []byte(`{"normal": [[1e39, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]]}`), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"derive", "-alphas", alphas}, `field "normal": the number 1e39 ending near line 1, column 18 is out of float32's range`},
		{[]string{"plot", "cell", "-run", filepath.Join(dir, "missing"), "-out", filepath.Join(dir, "c.png")}, "-run " + filepath.Join(dir, "missing") + ": stat"},
		{[]string{"plot", "cell", "-run", dir, "-out", filepath.Join(dir, "c.png")}, "-run " + dir + ": no genotype.json"},
	} {
		code, _, stderr := call(c.args...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", c.args, code, stderr, c.want)
		}
	}
}

// TestResumeFallsBackToPreviousCheckpoint: a search's newest checkpoint is damaged; -resume
// warns, continues from the one before (epoch 1 of 2) and redoes epoch 2 exactly.
func TestResumeFallsBackToPreviousCheckpoint(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"search", "-out", out, "-data", "synthetic", "-quick", "-layers", "3", "-channels", "4", "-batch", "4", "-epochs", "2", "-steps-per-epoch", "1"}
	if code, _, stderr := call(args...); code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	want := lines(t, filepath.Join(out, "alphas.jsonl"))
	ck := filepath.Join(out, "checkpoint.bin")
	data, err := os.ReadFile(ck)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3] ^= 0x40
	os.WriteFile(ck, data, 0o644)
	code, stdout, stderr := call("search", "-out", out, "-resume")
	if code != 0 || !strings.Contains(stderr, "darts search: warning: ") || !strings.Contains(stderr, "CRC-32 mismatch") ||
		!strings.Contains(stderr, "resuming from the previous checkpoint "+ck+".prev") {
		t.Fatalf("-resume over a damaged checkpoint: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "epoch 2/2:") || strings.Contains(stdout, "epoch 1/2:") {
		t.Errorf("not resumed at epoch 2:\n%s", stdout)
	}
	if got := lines(t, filepath.Join(out, "alphas.jsonl")); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("α records after the fallback differ from the uninterrupted run's:\n%s\nvs\n%s", got, want)
	}
}
