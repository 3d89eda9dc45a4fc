package mnist

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseIDX(t *testing.T) {
	data := []byte{1, 2, 3, 4, 5, 6}
	for _, zip := range []bool{false, true} {
		b := idxBytes(TypeUint8, []int{2, 3}, data)
		if zip {
			b = gz(t, b)
		}
		x, err := ParseIDX("x", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if x.Type != TypeUint8 || len(x.Dims) != 2 || x.Dims[0] != 2 || x.Dims[1] != 3 || !bytes.Equal(x.Data, data) {
			t.Errorf("gzip %v: got %+v", zip, x)
		}
	}
	x, err := ParseIDX("f", bytes.NewReader(idxBytes(TypeFloat32, []int{2}, make([]byte, 8))))
	if err != nil || x.TypeName() != "float32" || len(x.Data) != 8 {
		t.Errorf("float32 file: %v %+v", err, x)
	}
}

func TestParseIDXErrors(t *testing.T) {
	good := idxBytes(TypeUint8, []int{10, 28, 28}, make([]byte, 7840))
	zipped := gz(t, good)
	corrupt := bytes.Clone(zipped)
	corrupt[len(corrupt)-6] ^= 0xff // inside the CRC-32/size trailer
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "truncated: 0 of the 4 magic-number bytes"},
		{"magic", append([]byte{0x08, 0x03, 0, 0}, good[4:]...), "magic number 0x08030000 is not IDX"},
		{"type", idxBytes(0x07, []int{1}, []byte{0}), "unknown IDX element type 0x07"},
		{"nodims", []byte{0, 0, 8, 0}, "0 dimensions"},
		{"header", good[:9], "truncated header: 5 of the 12 bytes of 3 dimension sizes"},
		{"data", good[:100], "truncated: header says 10x28x28 uint8 = 7840 bytes of data, got 84"},
		{"data.gz", gz(t, good[:100]), "truncated: header says 10x28x28 uint8 = 7840 bytes of data, got 84"},
		{"cut.gz", zipped[:len(zipped)/2], "file ends early"},
		{"crc.gz", corrupt, "corrupt gzip data"},
		{"trailing", append(bytes.Clone(good), 0), "data continues after the 7840 bytes"},
		{"huge", idxBytes(TypeFloat64, []int{1 << 20, 1 << 20}, nil), "corrupt header"},
	} {
		_, err := ParseIDX(tc.name+"-file", bytes.NewReader(tc.b))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name+"-file") {
			t.Errorf("%s: error %v, want it to name the file and say %q", tc.name, err, tc.want)
		}
	}
}

func TestReadIDXFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a-idx1-ubyte.gz")
	os.WriteFile(p, gz(t, idxBytes(TypeUint8, []int{3}, []byte{7, 8, 9})), 0o644)
	if x, err := ReadIDX(p); err != nil || !bytes.Equal(x.Data, []byte{7, 8, 9}) {
		t.Errorf("ReadIDX: %v %+v", err, x)
	}
	if _, err := ReadIDX(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: %v", err)
	}
}
