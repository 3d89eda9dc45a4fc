package run

import (
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// EnvRuns names the folder that holds run directories (default: build/runs under the
// repository root), so notebooks and the figures notebook agree on where runs are.
const EnvRuns = "DARTS_RUNS"

// RunsDir returns $DARTS_RUNS, else build/runs under the repository root (the nearest folder
// holding go.mod, from the working directory up: notebooks run in notebooks/), else build/runs.
func RunsDir() string {
	if d := os.Getenv(EnvRuns); d != "" {
		return d
	}
	return filepath.Join(BuildDir(), "runs")
}

// BuildDir is build/ under the repository root (found as for RunsDir), where notebooks keep what
// they produce: runs, figures, executed copies.
func BuildDir() string {
	if root, ok := fetch.RepoRoot(); ok {
		return filepath.Join(root, "build")
	}
	return "build"
}
