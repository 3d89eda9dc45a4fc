package run

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File names inside a run directory.
const (
	ConfigFile     = "config.json"
	MetricsFile    = "metrics.jsonl"
	AlphasFile     = "alphas.jsonl"
	GenotypeFile   = "genotype.json"
	GenotypeText   = "genotype.txt"
	CheckpointFile = "checkpoint.bin"
	DataFile       = "data.json"
)

// Dir is a run directory.
type Dir struct{ Path string }

// Create makes (or reuses) the directory path.
func Create(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("run: creating %s: %w", path, err)
	}
	return &Dir{Path: path}, nil
}

// Open opens an existing run directory.
func Open(path string) (*Dir, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("run: %s is not a directory", path)
	}
	return &Dir{Path: path}, nil
}

// File returns the path of a file in the run directory.
func (d *Dir) File(name string) string { return filepath.Join(d.Path, name) }

// WriteJSON writes v, indented, atomically.
func (d *Dir) WriteJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("run: encoding %s: %w", name, err)
	}
	return WriteFileAtomic(d.File(name), append(data, '\n'))
}

// ReadJSON decodes a JSON file of the run directory into v.
func (d *Dir) ReadJSON(name string, v any) error {
	data, err := os.ReadFile(d.File(name))
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("run: %s: %w", d.File(name), err)
	}
	return nil
}

// Append adds v as one JSON line to a .jsonl file. The line is written with a single write on a
// file opened for appending, so a crash leaves at most an unterminated last line, which
// ReadLines ignores.
func (d *Dir) Append(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("run: encoding a %s record: %w", name, err)
	}
	f, err := os.OpenFile(d.File(name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("run: appending to %s: %w", d.File(name), err)
	}
	return f.Close()
}

// TruncateLines keeps the first n complete lines of a .jsonl file (used on resume, so records
// written after the checkpoint are not duplicated).
func (d *Dir) TruncateLines(name string, n int) error {
	data, err := os.ReadFile(d.File(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	end := 0
	for i := 0; i < n; i++ {
		j := bytes.IndexByte(data[end:], '\n')
		if j < 0 {
			break
		}
		end += j + 1
	}
	return WriteFileAtomic(d.File(name), data[:end])
}

// ReadJSONL decodes every complete line of a .jsonl file into a T.
func ReadJSONL[T any](path string) ([]T, error) {
	var out []T
	err := ReadLines(path, func(line []byte) error {
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// ReadLines decodes every complete line of a .jsonl file with decode; the line number (from 1)
// is in errors.
func ReadLines(path string, decode func(line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for lineNo := 1; ; lineNo++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil // a last line without '\n' is an interrupted write: ignored
		}
		if err != nil {
			return fmt.Errorf("run: reading %s: %w", path, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := decode(line); err != nil {
			return fmt.Errorf("run: %s line %d: %w", path, lineNo, err)
		}
	}
}
