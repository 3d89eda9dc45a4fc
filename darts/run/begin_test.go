package run

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestBegin: a fresh run stores its configuration and loads nothing; a resumed one loads its
// checkpoint and keeps the records of the epochs before the checkpoint's, of the files named
// only; a failed load leaves the records alone.
func TestBegin(t *testing.T) {
	d, err := Create(t.TempDir() + "/r")
	if err != nil {
		t.Fatal(err)
	}
	loaded := 0
	load := func() (int, error) { loaded++; return 2, nil }
	if base, err := d.Begin(false, map[string]int{"epochs": 5}, load, MetricsFile); err != nil || base != 1 {
		t.Fatalf("fresh: base %d (%v), want 1", base, err)
	}
	if b, err := os.ReadFile(d.File(ConfigFile)); err != nil || !strings.Contains(string(b), `"epochs": 5`) || loaded != 0 {
		t.Fatalf("fresh: config.json %q (%v), load called %d times", b, err, loaded)
	}
	for _, f := range []string{MetricsFile, AlphasFile, "other.jsonl"} {
		for e := range 4 {
			if err := d.Append(f, map[string]int{"epoch": e}); err != nil {
				t.Fatal(err)
			}
		}
	}
	lines := func(f string) int {
		b, _ := os.ReadFile(d.File(f))
		return strings.Count(string(b), "\n")
	}
	bad := errors.New("no checkpoint")
	if _, err := d.Begin(true, nil, func() (int, error) { return 0, bad }, MetricsFile); err != bad || lines(MetricsFile) != 4 {
		t.Fatalf("failed load: %v, metrics.jsonl has %d lines", err, lines(MetricsFile))
	}
	os.Remove(d.File(ConfigFile))
	if base, err := d.Begin(true, map[string]int{"epochs": 9}, load, MetricsFile, AlphasFile); err != nil || base != 0 {
		t.Fatalf("resumed without config.json: base %d (%v), want 0", base, err) // a run from before epoch_base
	}
	if loaded != 1 || lines(MetricsFile) != 2 || lines(AlphasFile) != 2 || lines("other.jsonl") != 4 {
		t.Errorf("resumed at epoch 2: load called %d times, lines %d %d %d, want 1, 2 2 4", loaded,
			lines(MetricsFile), lines(AlphasFile), lines("other.jsonl"))
	}
	if _, err := os.Stat(d.File(ConfigFile)); err == nil {
		t.Error("a resumed run rewrote config.json")
	}
}

type cell string

func (c cell) String() string { return "Genotype(" + string(c) + ")" }

// TestWriteGenotype writes the JSON form and the repr form, one line.
func TestWriteGenotype(t *testing.T) {
	d, err := Create(t.TempDir() + "/r")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteGenotype(cell("x")); err != nil {
		t.Fatal(err)
	}
	js, _ := os.ReadFile(d.File(GenotypeFile))
	txt, _ := os.ReadFile(d.File(GenotypeText))
	if strings.TrimSpace(string(js)) != `"x"` || string(txt) != "Genotype(x)\n" {
		t.Errorf("genotype.json %q, genotype.txt %q", js, txt)
	}
}

// epochRec is a per-epoch record for the tests of AppendEpoch and ReadEpochFile.
type epochRec struct {
	Epoch int `json:"epoch"`
	Loss  int `json:"loss"`
}

func (r *epochRec) EpochField() *int { return &r.Epoch }

// TestEpochBase: a fresh run's config.json starts with "epoch_base": 1 and keeps cfg's keys; its
// appended records are numbered from 1 in the file and read back from 0. A folder without
// epoch_base (written before it) reads as stored, and a resume there returns base 0, so its
// appends stay numbered from 0.
func TestEpochBase(t *testing.T) {
	load := func() (int, error) { return 1, nil }
	d, _ := Create(t.TempDir() + "/new")
	base, err := d.Begin(false, struct {
		Epochs int `json:"epochs"`
	}{3}, load, MetricsFile)
	if err != nil || base != 1 {
		t.Fatalf("fresh run: base %d (%v)", base, err)
	}
	if b, _ := os.ReadFile(d.File(ConfigFile)); string(b) != "{\n  \"epoch_base\": 1,\n  \"epochs\": 3\n}\n" {
		t.Errorf("config.json %q", b)
	}
	for e := range 2 {
		rec := epochRec{Epoch: e, Loss: 10 + e}
		if err := AppendEpoch(d, MetricsFile, base, rec); err != nil || rec.Epoch != e {
			t.Fatalf("append: %v, record changed to epoch %d", err, rec.Epoch)
		}
	}
	if b, _ := os.ReadFile(d.File(MetricsFile)); string(b) != "{\"epoch\":1,\"loss\":10}\n{\"epoch\":2,\"loss\":11}\n" {
		t.Errorf("metrics.jsonl %q", b)
	}
	if base, err := d.Begin(true, nil, load, MetricsFile); err != nil || base != 1 {
		t.Errorf("resumed new run: base %d (%v), want 1", base, err)
	}
	recs, err := ReadEpochFile[epochRec](d.Path, MetricsFile)
	if err != nil || len(recs) != 1 || recs[0] != (epochRec{0, 10}) {
		t.Errorf("read back after the resume at epoch 1: %v (%v), want [{0 10}]", recs, err)
	}

	old, _ := Create(t.TempDir() + "/old")
	os.WriteFile(old.File(ConfigFile), []byte(`{"epochs": 3}`), 0o644)
	os.WriteFile(old.File(MetricsFile), []byte("{\"epoch\":0,\"loss\":10}\n{\"epoch\":1,\"loss\":11}\n"), 0o644)
	if base, err := old.Begin(true, nil, load, MetricsFile); err != nil || base != 0 {
		t.Errorf("resumed old run: base %d (%v), want 0", base, err)
	}
	if err := AppendEpoch(old, MetricsFile, 0, epochRec{Epoch: 1, Loss: 12}); err != nil {
		t.Fatal(err)
	}
	recs, err = ReadEpochFile[epochRec](old.Path, MetricsFile)
	if err != nil || len(recs) != 2 || recs[0] != (epochRec{0, 10}) || recs[1] != (epochRec{1, 12}) {
		t.Errorf("old run read back: %v (%v), want [{0 10} {1 12}]", recs, err)
	}

	os.WriteFile(old.File(ConfigFile), []byte(`{"epoch_base": 2}`), 0o644)
	if _, err := ReadEpochBase(old.Path); err == nil || !strings.Contains(err.Error(), "epoch_base 2, want 0 or 1") {
		t.Errorf("epoch_base 2: %v", err)
	}
	if base, err := ReadEpochBase(t.TempDir()); err != nil || base != 0 {
		t.Errorf("no config.json: base %d (%v), want 0", base, err)
	}
	if _, err := d.Begin(false, []int{1}, load); err == nil {
		t.Error("a configuration that is not a JSON object was stored")
	}
}
