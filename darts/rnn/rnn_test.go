package rnn

import (
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/testbackend"
)

func dartsCell(t *testing.T) genotype.Recurrent {
	r, err := genotype.LookupRecurrent("DARTS")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestParamCountsMatchReference: ../shared/reference/README.md's counts.
func TestParamCountsMatchReference(t *testing.T) {
	b := testbackend.CPU(t)
	for _, tc := range []struct {
		name string
		cfg  Config
		want int
	}{
		{"search, PTB, 300", PaperSearch(10000), 4810000},
		{"DARTS cell, PTB, 850", PaperEval(10000, 850, dartsCell(t)), 22960000},
		{"DARTS cell, WikiText-2, 700", PaperEval(33278, 700, dartsCell(t)), 33127878},
	} {
		if got := tc.cfg.CountParams(b); got != tc.want {
			t.Errorf("%s: %d parameters, want %d", tc.name, got, tc.want)
		}
	}
}
