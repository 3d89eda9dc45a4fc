package imagefolder

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var (
	red   = color.NRGBA{255, 0, 0, 255}
	green = color.NRGBA{0, 200, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 255}
)

// paint makes a w×h image whose column x has colour f(x).
func paint(w, h int, f func(x int) color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, f(x))
		}
	}
	return img
}

func solid(w, h int, c color.NRGBA) *image.NRGBA {
	return paint(w, h, func(int) color.NRGBA { return c })
}

func save(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(strings.ToLower(path), ".png") {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95})
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree builds: ant/wide.PNG (40×20: red side bands, blue middle 20 columns), bird/a.png (solid
// red 30×30), bird/sub/b.jpg (solid green 16×16), plus files that must be ignored.
func tree(t *testing.T) string {
	root := t.TempDir()
	save(t, filepath.Join(root, "ant", "wide.PNG"), paint(40, 20, func(x int) color.NRGBA {
		if x >= 10 && x < 30 {
			return blue
		}
		return red
	}))
	save(t, filepath.Join(root, "bird", "a.png"), solid(30, 30, red))
	save(t, filepath.Join(root, "bird", "sub", "b.jpg"), solid(16, 16, green))
	writeFile(t, filepath.Join(root, "ant", "notes.txt"), []byte("not an image"))
	writeFile(t, filepath.Join(root, "ant", ".DS_Store"), []byte{0})
	save(t, filepath.Join(root, ".cache", "x.png"), solid(4, 4, red))
	writeFile(t, filepath.Join(root, "README.png"), []byte("a file at the root is not a class"))
	return root
}

// near checks every pixel of image i against want (raw bytes before Identity normalisation).
func near(t *testing.T, res *Result, i int, want []uint8, tol float32) {
	t.Helper()
	img := res.Images.Image(i)
	c := res.Images.Channels
	for k, v := range img {
		if d := v*255 - float32(want[k%c]); d > tol || d < -tol {
			t.Fatalf("%s: value %d (channel %d) = %.1f, want %d±%.0f", res.Files[i], k, k%c, v*255, want[k%c], tol)
		}
	}
}

func TestLoad(t *testing.T) {
	root := tree(t)
	res, err := Load(root, Options{Height: 8, Width: 8})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Classes, []string{"ant", "bird"}) {
		t.Fatalf("classes %v", res.Classes)
	}
	wantFiles := []string{
		filepath.Join(root, "ant", "wide.PNG"), filepath.Join(root, "bird", "a.png"), filepath.Join(root, "bird", "sub", "b.jpg"),
	}
	if !slices.Equal(res.Files, wantFiles) || !slices.Equal(res.Images.Labels, []int32{0, 1, 1}) {
		t.Fatalf("files %v labels %v", res.Files, res.Images.Labels)
	}
	if im := res.Images; im.Height != 8 || im.Width != 8 || im.Channels != 3 || im.NumClasses != 2 {
		t.Fatalf("shape %v", im)
	}
	near(t, res, 0, []uint8{0, 0, 255}, 1) // the centre crop is all blue
	near(t, res, 1, []uint8{255, 0, 0}, 1)
	near(t, res, 2, []uint8{0, 200, 0}, 6) // JPEG
}

func TestStretchAndGray(t *testing.T) {
	root := tree(t)
	res, err := Load(root, Options{Height: 4, Width: 8, Fit: Stretch, Gray: true, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Stretched, the wide image keeps its red bands: the first column is red's luma.
	img := res.Images.Image(0)
	if got := img[0] * 255; got < 75 || got > 78 {
		t.Errorf("stretched left edge luma %.1f, want red's 76", got)
	}
	if got := img[4] * 255; got < 28 || got > 30 {
		t.Errorf("stretched middle luma %.1f, want blue's 29", got)
	}
	if res.Images.Channels != 1 {
		t.Errorf("%d channels", res.Images.Channels)
	}
}

func TestTransparentIsBlack(t *testing.T) {
	root := t.TempDir()
	save(t, filepath.Join(root, "a", "clear.png"), solid(5, 5, color.NRGBA{255, 255, 255, 0}))
	res, err := Load(root, Options{Height: 5, Width: 5})
	if err != nil {
		t.Fatal(err)
	}
	near(t, res, 0, []uint8{0, 0, 0}, 0)
}

func TestWorkersDeterministic(t *testing.T) {
	root := tree(t)
	for k := 0; k < 5; k++ {
		save(t, filepath.Join(root, "cat", string(rune('a'+k))+".png"), solid(9+k, 7, color.NRGBA{uint8(40 * k), 9, 99, 255}))
	}
	a, err := Load(root, Options{Height: 6, Width: 6, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(root, Options{Height: 6, Width: 6, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Images.Pixels, b.Images.Pixels) || !slices.Equal(a.Files, b.Files) {
		t.Error("1 and 4 workers load different data")
	}
}

func TestBadFiles(t *testing.T) {
	root := tree(t)
	var buf bytes.Buffer
	png.Encode(&buf, solid(20, 20, red))
	cut := filepath.Join(root, "bird", "cut.png")
	writeFile(t, cut, buf.Bytes()[:buf.Len()/2])
	fake := filepath.Join(root, "ant", "fake.jpg")
	writeFile(t, fake, []byte("this is text, not a JPEG"))

	_, err := Load(root, Options{Height: 8, Width: 8})
	// Load order is ant before bird, so the fake JPEG is reported first.
	if err == nil || !strings.Contains(err.Error(), fake) || !strings.Contains(err.Error(), "not a PNG or JPEG image") {
		t.Errorf("error %v, want one naming %s", err, fake)
	}

	res, err := Load(root, Options{Height: 8, Width: 8, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Images.Len() != 3 || len(res.Skipped) != 2 || res.Skipped[0].Path != fake || res.Skipped[1].Path != cut {
		t.Fatalf("kept %d, skipped %v", res.Images.Len(), res.Skipped)
	}
	if msg := res.Skipped[1].Err.Error(); !strings.Contains(msg, "decoding png") || !strings.Contains(msg, "not enough pixel data") {
		t.Errorf("truncated PNG error %q does not say the pixel data is cut short", msg)
	}
	near(t, res, 1, []uint8{255, 0, 0}, 1) // images after a skipped one are still in place
	if !slices.Equal(res.Images.Labels, []int32{0, 1, 1}) {
		t.Errorf("labels %v", res.Images.Labels)
	}
}

func TestLayoutErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := Load(empty, Options{Height: 4, Width: 4}); err == nil || !strings.Contains(err.Error(), "no class sub-folders") {
		t.Errorf("empty root: %v", err)
	}
	root := tree(t)
	os.MkdirAll(filepath.Join(root, "zebra"), 0o755)
	if _, err := Load(root, Options{Height: 4, Width: 4}); err == nil || !strings.Contains(err.Error(), "zebra: class folder holds no") {
		t.Errorf("empty class: %v", err)
	}
	if _, err := Load(root, Options{}); err == nil {
		t.Error("size 0x0 accepted")
	}
	if _, err := Load(filepath.Join(empty, "nope"), Options{Height: 4, Width: 4}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing root: %v", err)
	}
}

func TestCenterCrop(t *testing.T) {
	for _, tc := range []struct {
		src  image.Rectangle
		w, h int
		want image.Rectangle
	}{
		{image.Rect(0, 0, 40, 20), 8, 8, image.Rect(10, 0, 30, 20)},
		{image.Rect(0, 0, 20, 40), 8, 8, image.Rect(0, 10, 20, 30)},
		{image.Rect(5, 5, 37, 37), 32, 32, image.Rect(5, 5, 37, 37)},
		{image.Rect(0, 0, 500, 375), 32, 16, image.Rect(0, 62, 500, 312)},
	} {
		if got := centerCrop(tc.src, tc.w, tc.h); got != tc.want {
			t.Errorf("centerCrop(%v, %dx%d) = %v, want %v", tc.src, tc.w, tc.h, got, tc.want)
		}
	}
}
