package run

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/fetch"
)

func TestSettingsApply(t *testing.T) {
	t.Setenv(EnvMode, "")
	t.Setenv(fetch.EnvData, "/data/before")
	t.Setenv(EnvRuns, "")
	s, err := Settings{}.Apply()
	if err != nil {
		t.Fatal(err)
	}
	// Nothing given: quick mode, the environment's folders untouched.
	if s.Mode != "quick" || s.Paper() || os.Getenv(fetch.EnvData) != "/data/before" || os.Getenv(EnvRuns) != "" {
		t.Errorf("empty settings: Mode %q, %s=%q, %s=%q", s.Mode, fetch.EnvData, os.Getenv(fetch.EnvData), EnvRuns, os.Getenv(EnvRuns))
	}
	if got, want := s.RunDir("x"), filepath.Join(RunsDir(), "x"); got != want {
		t.Errorf("RunDir without Runs: %q, want %q", got, want)
	}

	// DARTS_MODE is read when Mode is empty (CI's quick or a user's paper) and a given Mode wins.
	t.Setenv(EnvMode, "paper")
	if s, err = (Settings{}).Apply(); err != nil || s.Mode != "paper" {
		t.Errorf("DARTS_MODE=paper: Mode %q, %v", s.Mode, err)
	}
	if s, err = (Settings{Mode: "quick"}).Apply(); err != nil || s.Mode != "quick" || os.Getenv(EnvMode) != "quick" {
		t.Errorf("Mode quick over DARTS_MODE=paper: Mode %q, %s=%q, %v", s.Mode, EnvMode, os.Getenv(EnvMode), err)
	}

	// Folders become absolute and are exported for the loaders and RunsDir.
	dir := t.TempDir()
	t.Chdir(dir)
	s, err = Settings{Data: "d", Runs: "r"}.Apply()
	if err != nil {
		t.Fatal(err)
	}
	data, runs := filepath.Join(dir, "d"), filepath.Join(dir, "r")
	if s.Data != data || os.Getenv(fetch.EnvData) != data || s.Runs != runs || RunsDir() != runs {
		t.Errorf("Data/Runs: %q %q, %s=%q, RunsDir %q; want %q, %q", s.Data, s.Runs, fetch.EnvData, os.Getenv(fetch.EnvData), RunsDir(), data, runs)
	}
	if got := s.RunDir("cifar10_order1"); got != filepath.Join(runs, "cifar10_order1") {
		t.Errorf("RunDir: %q", got)
	}
	if len(fetch.Roots()) == 0 || fetch.Roots()[0].Dir != data {
		t.Errorf("fetch.Roots()[0] = %v, want %q first", fetch.Roots(), data)
	}

	// Progress becomes where downloads report.
	var downloads strings.Builder
	defer func() { fetch.DefaultProgress = nil }()
	if _, err := (Settings{Progress: &downloads}).Apply(); err != nil || fetch.DefaultProgress != &downloads {
		t.Errorf("Progress: fetch.DefaultProgress %v, %v", fetch.DefaultProgress, err)
	}

	for _, bad := range []Settings{{Mode: "fast"}, {Epochs: -1}, {Batch: -2}} {
		if _, err := bad.Apply(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestSettingsSet(t *testing.T) {
	epochs, steps, layers, channels, batch, seed := 50, 0, 8, 16, 64, int64(2)
	f := Fields{Epochs: &epochs, Steps: &steps, Layers: &layers, Channels: &channels, Batch: &batch, Seed: &seed}
	if err := (Settings{Epochs: 3, Channels: 4, Seed: 7}).Set("test config", f); err != nil {
		t.Fatal(err)
	}
	// The given counts are written, the zero ones keep the configuration's.
	if epochs != 3 || steps != 0 || layers != 8 || channels != 4 || batch != 64 || seed != 7 {
		t.Errorf("after Set: epochs %d steps %d layers %d channels %d batch %d seed %d", epochs, steps, layers, channels, batch, seed)
	}
	// A setting the configuration cannot take is refused by name, not dropped.
	f.Layers = nil
	err := Settings{Layers: 5}.Set("rnn.SearchConfig", f)
	if err == nil || !strings.Contains(err.Error(), "rnn.SearchConfig has no Layers") {
		t.Errorf("Layers on a configuration without: %v", err)
	}
	f.Seed = nil
	if err := (Settings{Seed: 1}).Set("x", f); err == nil {
		t.Error("Seed on a configuration without: no error")
	}
	if err := (Settings{Steps: -1}).Set("x", f); err == nil {
		t.Error("negative Steps: no error")
	}
}
