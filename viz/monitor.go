package viz

import (
	"fmt"

	"github.com/dartsml/godarts/darts/record"
)

// AlphaMonitor follows a search in a notebook: after every epoch Show redraws softmax(α) as a
// heat map in one output, in place (Live), titled with the epoch and how many there are; at
// the end Save exports the last figure. Outside a notebook Show only builds the figure.
type AlphaMonitor struct {
	Epochs        int     // of the whole search, for the title's progress
	Width, Height float64 // inches
	live          *Live
	last          Figure
}

// NewAlphaMonitor reserves the notebook output of a search of epochs epochs, drawn at
// width×height inches.
func NewAlphaMonitor(epochs int, width, height float64) *AlphaMonitor {
	return &AlphaMonitor{Epochs: epochs, Width: width, Height: height, live: NewLive()}
}

// title is "softmax(α) after epoch 3 of 6" (epoch counted from 0, as records do).
func (m *AlphaMonitor) title(epoch int) string {
	if m.Epochs > 0 {
		return fmt.Sprintf("softmax(α) after epoch %d of %d", epoch+1, m.Epochs)
	}
	return fmt.Sprintf("softmax(α) after epoch %d", epoch+1)
}

// Show redraws the heat map of a CNN search's epoch (both cells).
func (m *AlphaMonitor) Show(a record.Alphas) error {
	n, r := CellAlphas(a)
	return m.ShowMatrices(a.Epoch, n, r)
}

// ShowMatrices redraws the heat map of any cells' α after epoch (counted from 0): the recurrent
// search's, say.
func (m *AlphaMonitor) ShowMatrices(epoch int, mats ...AlphaMatrix) error {
	f, err := PrintStyle.AlphaHeatmapOf(HeatmapOptions{Title: m.title(epoch)}, mats...)
	if err != nil {
		return err
	}
	m.last = f
	return m.live.Show(f, m.Width, m.Height)
}

// Last is the figure Show drew last (nil before the first epoch).
func (m *AlphaMonitor) Last() Figure { return m.last }

// Save exports the last figure as dir/name.png, .svg and .pdf (Export, 150 dpi) and returns the
// paths.
func (m *AlphaMonitor) Save(dir, name string) ([]string, error) {
	if m.last == nil {
		return nil, fmt.Errorf("viz: AlphaMonitor.Save: no epoch shown yet")
	}
	return Export(m.last, dir, name, m.Width, m.Height, DefaultDPI)
}
