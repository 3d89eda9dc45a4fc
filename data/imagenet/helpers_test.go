package imagenet

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// paint makes a w×h image with pixel (x, y) = f(x, y).
func paint(w, h int, f func(x, y int) color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, f(x, y))
		}
	}
	return img
}

// encode returns img as PNG or JPEG, chosen by the extension of name.
func encode(t testing.TB, name string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(strings.ToLower(name), ".png") {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func save(t testing.TB, path string, img image.Image) { writeFile(t, path, encode(t, path, img)) }

// smallTree writes classes × perClass little images of assorted sizes and colours, half PNG and
// half JPEG, and returns the root.
func smallTree(t testing.TB, classes []string, perClass int) string {
	t.Helper()
	root := t.TempDir()
	for c, class := range classes {
		for k := range perClass {
			w, h := 20+7*k+3*c, 18+5*((k+c)%3)
			ext := ".png"
			if k%2 == 1 {
				ext = ".JPEG"
			}
			seed := 37*c + 11*k
			save(t, filepath.Join(root, class, class+"_"+string(rune('a'+k))+ext), paint(w, h, func(x, y int) color.NRGBA {
				return color.NRGBA{uint8(seed + 9*x), uint8(3*seed + 7*y), uint8(x * y), 255}
			}))
		}
	}
	return root
}
