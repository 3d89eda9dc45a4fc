package viz_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"

	"github.com/dartsml/godarts/viz"
)

// A noisy per-step loss drawn faint under its moving average, rendered as a 6×3.5-inch PNG at
// 100 dpi. In a GoNB notebook, viz.DisplayPNG(p, 6, 3.5) shows it inline instead.
func ExampleCurves() {
	steps := []float64{0, 1, 2, 3, 4, 5, 6, 7}
	loss := []float64{2.3, 1.9, 2.0, 1.4, 1.5, 1.0, 1.1, 0.8}
	p, err := viz.Curves("Training loss", "step", "loss",
		viz.Series{Name: "batch loss", X: steps, Y: loss, Faint: true},
		viz.Series{Name: "moving average (3)", X: steps, Y: viz.MovingAverage(loss, 3)})
	if err != nil {
		log.Fatal(err)
	}
	data, err := viz.PNG(p, 6, 3.5, 100)
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%dx%d pixels\n", cfg.Width, cfg.Height)
	// Output: 600x350 pixels
}
