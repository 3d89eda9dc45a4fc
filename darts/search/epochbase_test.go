package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/run"
)

// oldRun is a finished 2-epoch search folder written before config.json had epoch_base (its
// files number epochs from 0): tinyData(t, 32) and tinyRunConfig(1) with Net {C: 1, Layers: 1,
// Steps: 2, Multiplier: 2}, 2 steps per epoch, the eigenvalue every epoch (2 products), written
// by Run at commit 87b5dfa.
const oldRun = "testdata/old_run"

// rawEpochs is the "epoch" of every line of a run's per-epoch file, as stored.
func rawEpochs(t *testing.T, path string) []int {
	t.Helper()
	var out []int
	err := run.ReadLines(path, func(line []byte) error {
		var r struct{ Epoch int }
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		out = append(out, r.Epoch)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyRun copies a run folder's files into a new temporary folder.
func copyRun(t *testing.T, from string) *run.Dir {
	t.Helper()
	d, err := run.Create(t.TempDir() + "/run")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(d.File(e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// TestNewRunCountsEpochsFromOne: a new search's config.json says "epoch_base": 1 and its
// metrics.jsonl and alphas.jsonl number the epochs 1, 2, also after an interruption and a
// resume; read back, the records count from 0 as in Go.
func TestNewRunCountsEpochsFromOne(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := tinyRunConfig(1)
	cfg.Net = Config{C: 1, Layers: 1, NumClasses: 10, Steps: 2, Multiplier: 2}
	cfg.StepsPerEpoch = 2
	dir, _ := run.Create(t.TempDir() + "/new")
	data := tinyData(t, 32)
	if _, err := Run(b, cfg, data, dir, Options{stopAfterSteps: 3}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: got %v, want ErrInterrupted", err)
	}
	if got := rawEpochs(t, dir.File(run.MetricsFile)); !slices.Equal(got, []int{1}) {
		t.Errorf("interrupted in epoch 2: metrics.jsonl epochs %v, want [1]", got)
	}
	if _, err := Run(b, cfg, data, dir, Options{Resume: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{run.MetricsFile, run.AlphasFile} {
		if got := rawEpochs(t, dir.File(f)); !slices.Equal(got, []int{1, 2}) {
			t.Errorf("%s epochs %v, want [1 2]", f, got)
		}
	}
	if base, err := run.ReadEpochBase(dir.Path); err != nil || base != 1 {
		t.Errorf("config.json epoch_base %d (%v), want 1", base, err)
	}
	h, err := LoadHistory(dir.Path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Epochs[0].Epoch != 0 || h.Epochs[1].Epoch != 1 || h.Alphas[0].Epoch != 0 || h.Alphas[1].Epoch != 1 {
		t.Errorf("read back: epochs %d %d, alphas %d %d, want 0 1 0 1", h.Epochs[0].Epoch, h.Epochs[1].Epoch, h.Alphas[0].Epoch, h.Alphas[1].Epoch)
	}
	if g, err := h.GenotypeAt(2); err != nil || g.String() != h.Epochs[1].Genotype {
		t.Errorf("GenotypeAt(2) %v (%v), want the last epoch's %s", g, err, h.Epochs[1].Genotype)
	}
}

// TestOldRunReads: a folder written before epoch_base reads to its files' records unchanged
// (epochs 0 and 1).
func TestOldRunReads(t *testing.T) {
	h, err := LoadHistory(oldRun)
	if err != nil {
		t.Fatal(err)
	}
	var want []EpochRecord
	var wantAlphas []AlphaRecord
	if err := run.ReadLines(filepath.Join(oldRun, run.MetricsFile), func(line []byte) error {
		var r EpochRecord
		err := json.Unmarshal(line, &r)
		want = append(want, r)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := run.ReadLines(filepath.Join(oldRun, run.AlphasFile), func(line []byte) error {
		var r AlphaRecord
		err := json.Unmarshal(line, &r)
		wantAlphas = append(wantAlphas, r)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != 2 || h.Epochs[0].Epoch != 0 || h.Epochs[1].Epoch != 1 || h.Alphas[1].Epoch != 1 {
		t.Fatalf("old run: %d epochs, want 2 numbered 0 and 1: %+v", len(h.Epochs), h.Epochs)
	}
	for i := range want {
		a, _ := json.Marshal(h.Epochs[i])
		b, _ := json.Marshal(want[i])
		c, _ := json.Marshal(h.Alphas[i])
		d, _ := json.Marshal(wantAlphas[i])
		if string(a) != string(b) || string(c) != string(d) {
			t.Errorf("epoch %d read as\n%s\n%s\nwant\n%s\n%s", i, a, c, b, d)
		}
	}
	if g, err := h.GenotypeAt(2); err != nil || g.String() != h.Epochs[1].Genotype {
		t.Errorf("GenotypeAt(2) %v (%v), want the last epoch's %s", g, err, h.Epochs[1].Genotype)
	}
}

// TestOldRunResumesInItsNumbering resumes the old folder from its checkpoint after epoch 1
// (checkpoint.bin.prev): the epoch it runs again is appended numbered from 0, as the code that
// wrote the folder did, so metrics.jsonl and alphas.jsonl come out as they were (but for the
// wall time and float rounding: resumeTolerance), and config.json is left alone.
func TestOldRunResumesInItsNumbering(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	dir := copyRun(t, oldRun)
	if err := os.Rename(dir.File(run.CheckpointFile+".prev"), dir.File(run.CheckpointFile)); err != nil {
		t.Fatal(err)
	}
	var cfg RunConfig
	if err := dir.ReadJSON(run.ConfigFile, &cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(b, cfg, tinyData(t, 32), dir, Options{Resume: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{run.MetricsFile, run.AlphasFile, run.ConfigFile} {
		want, _ := os.ReadFile(filepath.Join(oldRun, f))
		got, _ := os.ReadFile(dir.File(f))
		if f == run.MetricsFile {
			want, got = dropSeconds(t, want), dropSeconds(t, got)
		}
		switch {
		case len(want) == 0:
			t.Errorf("%s: the fixture is empty", f)
		case f == run.ConfigFile:
			if string(got) != string(want) {
				t.Errorf("%s after the resume:\n%s\nwant\n%s", f, got, want)
			}
		default:
			if diff := jsonLinesDiff(got, want, resumeTolerance); diff != "" {
				t.Errorf("%s after the resume: %s", f, diff)
			}
		}
	}
	if got := rawEpochs(t, dir.File(run.AlphasFile)); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("alphas.jsonl epochs %v, want [0 1]", got)
	}
}

// TestEarlyStopFileBase: early_stop.json's epochs are read from the run's base, 1 in new runs, 0
// in old ones (no epoch_base).
func TestEarlyStopFileBase(t *testing.T) {
	for base, cfg := range []string{`{"order": 1}`, `{"epoch_base": 1, "order": 1}`} {
		d, _ := run.Create(t.TempDir() + "/r")
		if err := os.WriteFile(d.File(run.ConfigFile), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		stored := EarlyStop{Epoch: 4 + base, ReturnedEpoch: 3 + base, Reason: "r"}
		if err := d.WriteJSON(EarlyStopFile, stored); err != nil {
			t.Fatal(err)
		}
		got, err := ReadEarlyStop(d.Path)
		if err != nil || got.Epoch != 4 || got.ReturnedEpoch != 3 {
			t.Errorf("config %s: read %+v (%v), want epochs 4 and 3 (from 0)", cfg, got, err)
		}
		if s := stored.shifted(-base).shifted(base); s != stored {
			t.Errorf("shifted: %+v", s)
		}
	}
}

// resumeTolerance is how far a resumed old run's numbers may lie from the ones its folder was
// written with: the folder is a fixture from an older commit, and every change to a kernel's
// float32 summation order moves α in the 8th digit and the finite-difference λ_max (whose
// rounding is divided by its step) in the 4th. The numbering, the genotypes and every count must
// match exactly.
const resumeTolerance = 2e-3

// jsonLinesDiff describes the first difference between two JSON-lines files: the same lines, the
// same keys, strings and booleans equal, numbers within rel of each other (relative to the larger,
// with 1e-9 absolute below which two numbers are equal); "" when there is none.
func jsonLinesDiff(got, want []byte, rel float64) string {
	g, w := bytes.Split(bytes.TrimSpace(got), []byte("\n")), bytes.Split(bytes.TrimSpace(want), []byte("\n"))
	if len(g) != len(w) {
		return fmt.Sprintf("%d lines, want %d", len(g), len(w))
	}
	for i := range g {
		var a, b any
		if err := json.Unmarshal(g[i], &a); err != nil {
			return fmt.Sprintf("line %d: %v", i+1, err)
		}
		if err := json.Unmarshal(w[i], &b); err != nil {
			return fmt.Sprintf("line %d of the fixture: %v", i+1, err)
		}
		if d := jsonValueDiff(a, b, rel, ""); d != "" {
			return fmt.Sprintf("line %d: %s", i+1, d)
		}
	}
	return ""
}

func jsonValueDiff(a, b any, rel float64, at string) string {
	switch b := b.(type) {
	case float64:
		x, ok := a.(float64)
		if !ok || math.Abs(x-b) > max(rel*max(math.Abs(x), math.Abs(b)), 1e-9) {
			return fmt.Sprintf("%s = %v, want %v", at, a, b)
		}
	case map[string]any:
		m, ok := a.(map[string]any)
		if !ok || len(m) != len(b) {
			return fmt.Sprintf("%s = %v, want %v", at, a, b)
		}
		for k, v := range b {
			if d := jsonValueDiff(m[k], v, rel, at+"."+k); d != "" {
				return d
			}
		}
	case []any:
		l, ok := a.([]any)
		if !ok || len(l) != len(b) {
			return fmt.Sprintf("%s = %v, want %v", at, a, b)
		}
		for i := range b {
			if d := jsonValueDiff(l[i], b[i], rel, fmt.Sprintf("%s[%d]", at, i)); d != "" {
				return d
			}
		}
	default:
		if a != b {
			return fmt.Sprintf("%s = %v, want %v", at, a, b)
		}
	}
	return ""
}
