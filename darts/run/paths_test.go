package run

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRunsDir(t *testing.T) {
	t.Setenv(EnvRuns, "/somewhere/runs")
	if d := RunsDir(); d != "/somewhere/runs" {
		t.Errorf("with %s: %q", EnvRuns, d)
	}
	t.Setenv(EnvRuns, "")
	wd, _ := os.Getwd() // darts/run: the root is two levels up
	if d, want := RunsDir(), filepath.Join(filepath.Dir(filepath.Dir(wd)), "build", "runs"); d != want {
		t.Errorf("RunsDir() = %q, want %q", d, want)
	}
}
