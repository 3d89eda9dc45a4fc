package imagenet

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg" // also registers the decoders image.Decode dispatches to
	"image/png"
	"io"
	"os"
)

// maxPixels rejects a header announcing far more pixels than any photo has, before decoding
// allocates for them (a corrupt header would otherwise cost gigabytes).
const maxPixels = 1 << 28

// decodeFile reads and decodes one image. The format is sniffed from the content, not the name:
// ImageNet's training set has a PNG and several CMYK JPEGs behind .JPEG names.
func decodeFile(path string) (image.Image, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, errors.New("empty file, want a JPEG or PNG image")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	format := sniff(data)
	if err != nil {
		if format == "" {
			return nil, fmt.Errorf("want a JPEG or PNG image, the content is neither (%w)", err)
		}
		return nil, fmt.Errorf("reading the %s header: %w", format, explain(err, format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, fmt.Errorf("%s header announces %dx%d pixels", format, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", format, explain(err, format))
	}
	return img, nil
}

// sniff names the format by its signature, for error messages: image.DecodeConfig does not
// say which decoder failed.
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8")):
		return "JPEG"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG"
	}
	return ""
}

// explain adds what was expected to the decoders' terse errors.
func explain(err error, format string) error {
	var jpegFeature jpeg.UnsupportedError
	var pngFeature png.UnsupportedError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("file ends early, want a complete %s (%w)", format, err)
	case errors.As(err, &jpegFeature) || errors.As(err, &pngFeature):
		return fmt.Errorf("the %s uses a feature Go's decoder does not support; re-encode the file (%w)", format, err)
	}
	// Go's JPEG decoder reports data cut short inside the entropy-coded segment as "short
	// Huffman data", indistinguishable from corrupt data.
	return fmt.Errorf("file is corrupt or cut short, want a complete, valid %s (%w)", format, err)
}

// toRGB writes the pixels of r (in img's coordinates) as interleaved 8-bit RGB into buf, grown
// as needed. Grey, CMYK and palette images become RGB and alpha is dropped without
// compositing, as PIL's convert("RGB") in torchvision's loader does. The common decoder outputs
// have direct paths: going through image.At allocates per pixel.
func toRGB(img image.Image, r image.Rectangle, buf []byte) []byte {
	n := r.Dx() * r.Dy() * 3
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	k := 0
	switch m := img.(type) {
	case *image.YCbCr:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				yi, ci := m.YOffset(x, y), m.COffset(x, y)
				buf[k], buf[k+1], buf[k+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				k += 3
			}
		}
	case *image.Gray:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := m.Pix[m.PixOffset(r.Min.X, y):]
			for _, v := range row[:r.Dx()] {
				buf[k], buf[k+1], buf[k+2] = v, v, v
				k += 3
			}
		}
	case *image.NRGBA:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := m.Pix[m.PixOffset(r.Min.X, y):]
			for i := 0; i < 4*r.Dx(); i += 4 {
				buf[k], buf[k+1], buf[k+2] = row[i], row[i+1], row[i+2]
				k += 3
			}
		}
	case *image.RGBA:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := m.Pix[m.PixOffset(r.Min.X, y):]
			for i := 0; i < 4*r.Dx(); i += 4 {
				if a := uint32(row[i+3]); a == 255 || a == 0 {
					buf[k], buf[k+1], buf[k+2] = row[i], row[i+1], row[i+2]
				} else { // premultiplied: undo it for the rare translucent pixel
					buf[k], buf[k+1], buf[k+2] = unmul(row[i], a), unmul(row[i+1], a), unmul(row[i+2], a)
				}
				k += 3
			}
		}
	case *image.CMYK:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := m.Pix[m.PixOffset(r.Min.X, y):]
			for i := 0; i < 4*r.Dx(); i += 4 {
				buf[k], buf[k+1], buf[k+2] = color.CMYKToRGB(row[i], row[i+1], row[i+2], row[i+3])
				k += 3
			}
		}
	default:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				buf[k], buf[k+1], buf[k+2] = c.R, c.G, c.B
				k += 3
			}
		}
	}
	return buf
}

func unmul(v uint8, a uint32) uint8 { return uint8((uint32(v)*255 + a/2) / a) }
