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
