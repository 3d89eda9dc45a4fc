package run

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The per-epoch files of a run directory (metrics.jsonl, alphas.jsonl, search's early_stop.json)
// number epochs as people do, from 1, in runs that Begin started since config.json gained its
// "epoch_base": 1. Older runs have no epoch_base and number them from 0; they are still read, and
// a resumed one keeps appending in its own numbering, so no file mixes the two. In Go the epoch
// of a record stays counted from 0 (as run.Position's): writers add the run's base before
// appending, readers subtract it after decoding.

// EpochBaseKey is config.json's key for the number the run's files give the first epoch.
const EpochBaseKey = "epoch_base"

// EpochBase is the first epoch's number in the files of runs started now.
const EpochBase = 1

// ReadEpochBase returns the number that the files of run directory dir give its first epoch:
// config.json's epoch_base, 0 when it has none (runs written before it) or when dir has no
// config.json (folders written by hand or by other tools).
func ReadEpochBase(dir string) (int, error) {
	data, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("run: %w", err)
	}
	var c struct {
		Base *int `json:"epoch_base"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return 0, fmt.Errorf("run: %s: %w", filepath.Join(dir, ConfigFile), err)
	}
	if c.Base == nil {
		return 0, nil
	}
	if *c.Base != 0 && *c.Base != 1 {
		return 0, fmt.Errorf("run: %s: %s %d, want 0 or 1", filepath.Join(dir, ConfigFile), EpochBaseKey, *c.Base)
	}
	return *c.Base, nil
}

// withEpochBase is the JSON of cfg (an object) with "epoch_base": EpochBase as its first key.
func withEpochBase(cfg any) ([]byte, error) {
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("run: encoding %s: %w", ConfigFile, err)
	}
	data = bytes.TrimSpace(data)
	if len(data) < 2 || data[0] != '{' {
		return nil, fmt.Errorf("run: %s must be a JSON object, got %.20s", ConfigFile, data)
	}
	head := fmt.Sprintf(`{%q:%d`, EpochBaseKey, EpochBase)
	if !bytes.Equal(bytes.TrimSpace(data[1:]), []byte("}")) {
		head += ","
	}
	var out bytes.Buffer
	if err := json.Indent(&out, append([]byte(head), data[1:]...), "", "  "); err != nil {
		return nil, fmt.Errorf("run: encoding %s: %w", ConfigFile, err)
	}
	return append(out.Bytes(), '\n'), nil
}

// Epoched is a pointer to a per-epoch record, which gives its epoch field to AppendEpoch and
// ReadEpochFile (record.SearchEpoch, train.EpochRecord, ... implement it).
type Epoched[T any] interface {
	*T
	EpochField() *int
}

// AppendEpoch appends rec, a record of one epoch (its Go epoch counted from 0), to the per-epoch
// file name of d, its epoch numbered from base (Begin's); the caller's rec is not changed.
func AppendEpoch[T any, P Epoched[T]](d *Dir, name string, base int, rec T) error {
	*P(&rec).EpochField() += base
	return d.Append(name, rec)
}

// ReadEpochFile reads the per-epoch file name (metrics.jsonl, alphas.jsonl) of run directory dir,
// one record of type T a line, each with its epoch counted from 0 again whatever the run's base.
// Errors are ReadLines's (os.ErrNotExist for a missing file).
func ReadEpochFile[T any, P Epoched[T]](dir, name string) ([]T, error) {
	base, err := ReadEpochBase(dir)
	if err != nil {
		return nil, err
	}
	out, err := ReadJSONL[T](filepath.Join(dir, name))
	for i := range out {
		*P(&out[i]).EpochField() -= base
	}
	return out, err
}
