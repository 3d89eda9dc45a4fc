package viz

import (
	"encoding/base64"
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// DisplayDPI is the resolution of DisplayPNG: 100 dots per inch makes a 6-inch figure 600 pixels
// wide, about its width in a notebook, so that text appears at its point size.
const DisplayDPI = 100

// DisplayPNG shows p in the running GoNB notebook as a widthIn×heightIn-inch PNG at DisplayDPI.
// Outside a notebook it renders nothing and returns nil (gonbui drops the output).
func DisplayPNG(p Figure, widthIn, heightIn float64) error {
	if !gonbui.IsNotebook {
		return checkSize(p, widthIn, heightIn)
	}
	png, err := PNG(p, widthIn, heightIn, DisplayDPI)
	if err != nil {
		return err
	}
	gonbui.DisplayPNG(png)
	gonbui.Sync() // a figure sent just before the program exits could otherwise be lost
	return nil
}

// DisplaySVG shows p in the running GoNB notebook as an image/svg+xml output, which stays sharp
// at any zoom. (gonbui.DisplaySVG wraps the SVG in HTML instead; a real image output is kept as
// an image by nbconvert and by tools that extract a notebook's figures.) Outside a notebook it
// does nothing.
func DisplaySVG(p Figure, widthIn, heightIn float64) error {
	if !gonbui.IsNotebook {
		return checkSize(p, widthIn, heightIn)
	}
	svg, err := SVG(p, widthIn, heightIn)
	if err != nil {
		return err
	}
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{protocol.MIMEImageSVG: string(svg)},
	})
	gonbui.Sync()
	return nil
}

// Live is one notebook output that a running program redraws in place (a figure that follows a
// training as it goes).
type Live struct{ id string }

// NewLive reserves an output for Live.Show.
func NewLive() *Live { return &Live{id: "viz_live_" + gonbui.UniqueID()} }

// Show replaces the live output with p as a widthIn×heightIn-inch PNG. Outside a notebook it only
// checks the figure.
func (l *Live) Show(p Figure, widthIn, heightIn float64) error {
	if !gonbui.IsNotebook {
		return checkSize(p, widthIn, heightIn)
	}
	png, err := PNG(p, widthIn, heightIn, DisplayDPI)
	if err != nil {
		return err
	}
	gonbui.UpdateHTML(l.id, fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d"/>`,
		base64.StdEncoding.EncodeToString(png), int(widthIn*DisplayDPI)))
	gonbui.Sync()
	return nil
}
