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
	if err := d.Begin(false, map[string]int{"epochs": 5}, load, MetricsFile); err != nil {
		t.Fatal(err)
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
	if err := d.Begin(true, nil, func() (int, error) { return 0, bad }, MetricsFile); err != bad || lines(MetricsFile) != 4 {
		t.Fatalf("failed load: %v, metrics.jsonl has %d lines", err, lines(MetricsFile))
	}
	os.Remove(d.File(ConfigFile))
	if err := d.Begin(true, map[string]int{"epochs": 9}, load, MetricsFile, AlphasFile); err != nil {
		t.Fatal(err)
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
