package cifar10

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// genBatch makes n records; record i of batch b has label (i+b) mod 10 and pixel byte
// (i*31 + b*7 + k) mod 256 at offset k, so every image is recognisable after loading.
func genBatch(b, n int) []byte {
	out := make([]byte, 0, n*RecordBytes)
	for i := 0; i < n; i++ {
		out = append(out, byte((i+b)%NumClasses))
		for k := 0; k < ImageBytes; k++ {
			out = append(out, byte(i*31+b*7+k))
		}
	}
	return out
}

// genFiles returns the six batch files, n records each, keyed by file name; the test batch is
// batch number 6.
func genFiles(n int) map[string][]byte {
	files := map[string][]byte{TestFile: genBatch(6, n)}
	for b, name := range TrainFiles {
		files[name] = genBatch(b+1, n)
	}
	return files
}

func writeDir(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// makeTar packs files (and a batches.meta.txt to skip) under cifar-10-batches-bin/ in reverse name order (the reader must not
// rely on order), gzip-compressed when zip is set.
func makeTar(t testing.TB, files map[string][]byte, zip bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	var gz *gzip.Writer
	tw := tar.NewWriter(&buf)
	if zip {
		gz = gzip.NewWriter(&buf)
		tw = tar.NewWriter(gz)
	}
	names := append([]string{TestFile, "batches.meta.txt"}, TrainFiles...)
	files["batches.meta.txt"] = []byte("airplane\n")
	for i := len(names) - 1; i >= 0; i-- {
		data, ok := files[names[i]]
		if !ok {
			continue
		}
		hdr := &tar.Header{Name: FolderName + "/" + names[i], Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	delete(files, "batches.meta.txt")
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if zip {
		if err := gz.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}
