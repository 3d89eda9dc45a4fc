package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// idxBytes encodes an IDX file of the given type and dims around data.
func idxBytes(typ byte, dims []int, data []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// genSet writes a tiny MNIST-shaped data set (n train and n test images; image i's pixels are
// all byte(i*9+j) for pixel j, label i mod 10) into dir, gzipped or not.
func genSet(t testing.TB, dir string, n int, zip bool) {
	t.Helper()
	for _, s := range files {
		pix := make([]byte, n*Height*Width)
		for i := range pix {
			pix[i] = byte(i*9 + len(s.name))
		}
		lab := make([]byte, n)
		for i := range lab {
			lab[i] = byte(i % NumClasses)
		}
		write(t, dir, s.images, idxBytes(TypeUint8, []int{n, Height, Width}, pix), zip)
		write(t, dir, s.labels, idxBytes(TypeUint8, []int{n}, lab), zip)
	}
}

func write(t testing.TB, dir, base string, b []byte, zip bool) {
	t.Helper()
	name := filepath.Join(dir, base)
	if zip {
		b, name = gz(t, b), name+".gz"
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
