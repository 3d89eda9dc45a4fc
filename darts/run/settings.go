package run

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// EnvMode names the notebooks' mode: "quick" (the default, and what CI runs) or "paper".
const EnvMode = "DARTS_MODE"

// Settings are what a reader of a notebook changes, in one place: one literal in the notebook's
// declarations cell, so that editing a value and rerunning that cell changes every run below it.
// A zero field keeps what the mode (or the notebook) chose; each package applies the counts to
// its own configuration (search.RunConfig.WithSettings, train.Config.WithSettings,
// rnn.SearchConfig.WithSettings, rnn.TrainRunConfig.WithSettings).
type Settings struct {
	Mode     string // "quick" or "paper"; "" is $DARTS_MODE, quick when unset
	Epochs   int    // epochs of every search and training
	Steps    int    // steps per epoch (paper mode: 0, one pass over the data)
	Layers   int    // cells of a convolutional network
	Channels int    // initial channels C of a convolutional network; units of a recurrent one
	Batch    int    // batch size
	Seed     int64  // random seed (0 keeps the configuration's)
	Data     string // data folder, searched first and downloaded into; "" is $DARTS_DATA, ../shared/data, the user cache
	Runs     string // folder of the run folders; "" is $DARTS_RUNS, else build/runs
	// Progress is where the downloads the loaders start on first use report (fetch.DefaultProgress):
	// viz.ProgressWriter() in a notebook, for an HTML bar; nil: stderr. The loops take theirs in
	// their options.
	Progress io.Writer
}

// Apply checks s and makes it the process's settings: the resolved Mode and, when given, Data
// and Runs become $DARTS_MODE, $DARTS_DATA and $DARTS_RUNS, the variables every loader, RunsDir
// and the figures already read; a given Progress becomes fetch.DefaultProgress. (A GoNB cell is
// a process of its own, and the declarations cell's `var settings = run.Settings{...}.Apply()`
// runs in each.) The returned copy has Mode resolved ("quick" or "paper") and Data and Runs
// made absolute.
func (s Settings) Apply() (Settings, error) {
	if s.Mode == "" {
		s.Mode = os.Getenv(EnvMode)
	}
	if s.Mode == "" {
		s.Mode = "quick"
	}
	if s.Mode != "quick" && s.Mode != "paper" {
		return s, fmt.Errorf("run: settings: Mode %q, want quick or paper", s.Mode)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"Epochs", s.Epochs}, {"Steps", s.Steps}, {"Layers", s.Layers}, {"Channels", s.Channels}, {"Batch", s.Batch}} {
		if f.v < 0 {
			return s, fmt.Errorf("run: settings: %s=%d, want >= 1 (or 0 for the mode's)", f.name, f.v)
		}
	}
	env := []struct{ name, value string }{{EnvMode, s.Mode}}
	for _, d := range []struct {
		name string
		path *string
	}{{fetch.EnvData, &s.Data}, {EnvRuns, &s.Runs}} {
		if *d.path == "" {
			continue
		}
		abs, err := filepath.Abs(*d.path)
		if err != nil {
			return s, fmt.Errorf("run: settings: %s: %w", d.name, err)
		}
		*d.path = abs
		env = append(env, struct{ name, value string }{d.name, abs})
	}
	for _, e := range env {
		if err := os.Setenv(e.name, e.value); err != nil {
			return s, fmt.Errorf("run: settings: %s: %w", e.name, err)
		}
	}
	if s.Progress != nil {
		fetch.DefaultProgress = s.Progress
	}
	return s, nil
}

// Paper reports whether s runs the paper's sizes (after Apply; before it, an empty Mode is
// quick).
func (s Settings) Paper() bool { return s.Mode == "paper" }

// RunDir is the run folder name under Runs (RunsDir() when Runs is empty).
func (s Settings) RunDir(name string) string {
	if s.Runs != "" {
		return filepath.Join(s.Runs, name)
	}
	return filepath.Join(RunsDir(), name)
}

// Fields points at the fields of a configuration that Settings may set; nil where the
// configuration has none (a recurrent network has no Layers).
type Fields struct {
	Epochs, Steps, Layers, Channels, Batch *int
	Seed                                   *int64
}

// Set writes each non-zero count of s into f. A count that f has no field for is an error
// naming it and what (the configuration's kind, e.g. "rnn.SearchConfig"), so that a setting is
// never silently ignored.
func (s Settings) Set(what string, f Fields) error {
	for _, c := range []struct {
		name string
		v    int
		dst  *int
	}{{"Epochs", s.Epochs, f.Epochs}, {"Steps", s.Steps, f.Steps}, {"Layers", s.Layers, f.Layers},
		{"Channels", s.Channels, f.Channels}, {"Batch", s.Batch, f.Batch}} {
		switch {
		case c.v < 0:
			return fmt.Errorf("run: settings: %s=%d, want >= 1 (or 0 to keep %s's)", c.name, c.v, what)
		case c.v == 0:
		case c.dst == nil:
			return fmt.Errorf("run: settings: %s has no %s (set it to 0)", what, c.name)
		default:
			*c.dst = c.v
		}
	}
	if s.Seed != 0 {
		if f.Seed == nil {
			return fmt.Errorf("run: settings: %s has no Seed (set it to 0)", what)
		}
		*f.Seed = s.Seed
	}
	return nil
}
