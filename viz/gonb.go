package viz

import (
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
	return nil
}
