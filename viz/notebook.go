package viz

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/run"
)

// EnvFigures names the folder figures are exported to (default: build/figures).
const EnvFigures = "DARTS_FIGURES"

// FiguresDir returns $DARTS_FIGURES, else build/figures under the repository root.
func FiguresDir() string {
	if d := os.Getenv(EnvFigures); d != "" {
		return d
	}
	return filepath.Join(run.BuildDir(), "figures")
}

// LatestRunOrSynthetic returns the newest run directory under run.RunsDir() that has an
// alphas.jsonl, with its base name as a label; when there is none it writes (once) a synthetic run
// into syntheticDir and labels it as such, so figures can always be drawn and never pass for real.
func LatestRunOrSynthetic(syntheticDir string) (dir, label string, err error) {
	if runs := FindRuns(run.RunsDir()); len(runs) > 0 {
		return runs[0], filepath.Base(runs[0]), nil
	}
	if _, statErr := os.Stat(filepath.Join(syntheticDir, "alphas.jsonl")); statErr != nil {
		if err := WriteSyntheticRun(syntheticDir, 25, 7); err != nil {
			return "", "", err
		}
	}
	return syntheticDir, "SYNTHETIC run", nil
}

// ExportAndDisplay writes f as FiguresDir()/name.{png,svg,pdf} (w×h inches, 150 dpi), shows the
// PNG inline in GoNB and prints where the files are.
func ExportAndDisplay(f Figure, name string, w, h float64) error {
	if _, err := Export(f, FiguresDir(), name, w, h, 150); err != nil {
		return err
	}
	if err := DisplayPNG(f, w, h); err != nil {
		return err
	}
	fmt.Printf("%s.{png,svg,pdf} in %s\n", name, FiguresDir())
	return nil
}
