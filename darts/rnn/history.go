package rnn

import (
	"context"
	"path/filepath"

	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/text"
)

// readJSONL decodes every line of a run directory's .jsonl file (candidates.jsonl; the per-epoch
// files are read by run.ReadEpochFile, which counts their epochs from 0).
func readJSONL[T any](dir, name string) ([]T, error) {
	return run.ReadJSONL[T](filepath.Join(dir, name))
}

// ReadSearch reads a recurrent search's metrics.jsonl and alphas.jsonl.
func ReadSearch(dir string) ([]SearchRecord, []AlphaRecord, error) {
	recs, err := run.ReadEpochFile[SearchRecord](dir, run.MetricsFile)
	if err != nil {
		return nil, nil, err
	}
	alphas, err := run.ReadEpochFile[AlphaRecord](dir, run.AlphasFile)
	return recs, alphas, err
}

// ReadTrain reads a recurrent training's metrics.jsonl.
func ReadTrain(dir string) ([]TrainRecord, error) {
	return run.ReadEpochFile[TrainRecord](dir, run.MetricsFile)
}

// ModeCorpus is the corpus of a notebook's DARTS_MODE: the copy data/text.Find finds, else the
// official archive downloaded once into $DARTS_DATA or the user cache (both modes use the real
// text; paper mode only changes the model and the run length).
func ModeCorpus(kind text.Kind) (*text.Corpus, error) {
	p, err := text.Ensure(context.Background(), fetch.Getter{}, "", kind)
	if err != nil {
		return nil, err
	}
	return text.Load(p, kind)
}
