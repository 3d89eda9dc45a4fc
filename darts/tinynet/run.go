package tinynet

import (
	"encoding/json"
	"fmt"
	"os"
)

// Run is what a notebook keeps of a training run between cells: GoNB compiles and runs each cell
// as a separate program, so the cell that trains saves its Run and later cells load it.
type Run struct {
	Backend      string      // the backend's short name, e.g. "darts-cpu"
	Mode         string      // DARTS_MODE the run used (Config.Mode)
	Config       TrainConfig // its settings
	NumParams    int         // trainable parameters of the network
	TrainSeconds float64     // wall time of Train, compilation included
	History      History
	Test         Eval
}

// Save writes the Run as indented JSON.
func (r *Run) Save(path string) error {
	data, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return fmt.Errorf("tinynet: encoding the run: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("tinynet: saving the run: %w", err)
	}
	return nil
}

// LoadRun reads a Run written by Save.
func LoadRun(path string) (*Run, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tinynet: loading a run (did the training cell run?): %w", err)
	}
	r := &Run{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("tinynet: %s: %w", path, err)
	}
	if err := r.History.check(); err != nil {
		return nil, fmt.Errorf("%w in %s", err, path)
	}
	return r, nil
}
