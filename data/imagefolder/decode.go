package imagefolder

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers the decoders image.Decode dispatches to
	_ "image/png"
	"os"

	"golang.org/x/image/draw"
)

// maxPixels rejects images whose header announces more pixels than any sensible photo, before
// decoding allocates for them (a corrupt or malicious header would otherwise cost gigabytes).
const maxPixels = 1 << 28

// decoder turns one file into h×w×c bytes (HWC). Each worker owns one, so the RGBA canvas is
// allocated once per worker, not per image.
type decoder struct {
	h, w, c int
	fit     Fit
	canvas  *image.RGBA
}

func newDecoder(h, w, c int, fit Fit) *decoder {
	return &decoder{h: h, w: w, c: c, fit: fit, canvas: image.NewRGBA(image.Rect(0, 0, w, h))}
}

// decode reads path and writes its pixels into out (len h·w·c).
func (d *decoder) decode(path string, out []byte) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return describe(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return fmt.Errorf("%s header announces %dx%d pixels", format, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("decoding %s: %w", format, describe(err))
	}
	src := img.Bounds()
	if d.fit == CenterCrop {
		src = centerCrop(src, d.w, d.h)
	}
	// Clear first: Scale with draw.Src writes every pixel, but a transparent source must come
	// out black, not keep the previous image.
	clear(d.canvas.Pix)
	if src.Dx() == d.w && src.Dy() == d.h {
		draw.Draw(d.canvas, d.canvas.Bounds(), img, src.Min, draw.Over)
	} else {
		draw.CatmullRom.Scale(d.canvas, d.canvas.Bounds(), img, src, draw.Over, nil)
	}
	pix := d.canvas.Pix // premultiplied RGBA over black: plain RGB once alpha is dropped
	if d.c == 3 {
		for i, j := 0, 0; i+3 < len(pix) && j+2 < len(out); i, j = i+4, j+3 {
			out[j], out[j+1], out[j+2] = pix[i], pix[i+1], pix[i+2]
		}
		return nil
	}
	for i, j := 0, 0; i+3 < len(pix) && j < len(out); i, j = i+4, j+1 {
		// ITU-R 601 luma with the weights image/color's GrayModel uses.
		out[j] = byte((19595*uint32(pix[i]) + 38470*uint32(pix[i+1]) + 7471*uint32(pix[i+2]) + 1<<15) >> 16)
	}
	return nil
}

// centerCrop returns the largest rectangle centred in r with the aspect ratio w:h.
func centerCrop(r image.Rectangle, w, h int) image.Rectangle {
	sw, sh := r.Dx(), r.Dy()
	cw, ch := sw, sh
	if sw*h > sh*w { // wider than the target: trim the sides
		cw = max(1, (sh*w+h/2)/h)
	} else {
		ch = max(1, (sw*h+w/2)/w)
	}
	x0, y0 := r.Min.X+(sw-cw)/2, r.Min.Y+(sh-ch)/2
	return image.Rect(x0, y0, x0+cw, y0+ch)
}

// describe turns the decoders' terse errors into ones a user can act on.
func describe(err error) error {
	if errors.Is(err, image.ErrFormat) {
		return fmt.Errorf("not a PNG or JPEG image (%w)", err)
	}
	return err
}
