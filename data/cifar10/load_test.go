package cifar10

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/dataset"
)

// checkGenerated verifies a load of genFiles(n): order of the training batches, labels and the
// planar-to-NHWC conversion of a few pixels.
func checkGenerated(t *testing.T, train, test *dataset.Images, n int) {
	t.Helper()
	if train.Len() != 5*n || test.Len() != n {
		t.Fatalf("got %d train / %d test images, want %d / %d", train.Len(), test.Len(), 5*n, n)
	}
	for b := 1; b <= 6; b++ {
		set, first := train, (b-1)*n
		if b == 6 {
			set, first = test, 0
		}
		for i := 0; i < n; i++ {
			if got, want := set.Labels[first+i], int32((i+b)%NumClasses); got != want {
				t.Fatalf("batch %d image %d: label %d, want %d", b, i, got, want)
			}
			img := set.Image(first + i)
			for _, p := range [][3]int{{0, 0, 0}, {5, 17, 1}, {31, 31, 2}} { // y, x, channel
				k := p[2]*1024 + p[0]*32 + p[1] // offset in the planar record
				want := dataset.CIFAR10Norm.Apply(p[2], byte(i*31+b*7+k))
				if got := img[(p[0]*32+p[1])*3+p[2]]; got != want {
					t.Fatalf("batch %d image %d pixel %v: %v, want %v", b, i, p, got, want)
				}
			}
		}
	}
}

func TestLoadFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, FolderName)
	writeDir(t, dir, genFiles(7))
	for _, p := range []string{dir, root} {
		train, test, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, train, test, 7)
	}
}

func TestLoadTarball(t *testing.T) {
	for _, zip := range []bool{true, false} {
		root := t.TempDir()
		tarball := filepath.Join(root, TarballName)
		if err := os.WriteFile(tarball, makeTar(t, genFiles(4), zip), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{tarball, root} {
			train, test, err := Load(p)
			if err != nil {
				t.Fatalf("gzip %v, %s: %v", zip, p, err)
			}
			checkGenerated(t, train, test, 4)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	truncated := genFiles(3)
	truncated["data_batch_2.bin"] = truncated["data_batch_2.bin"][:2*RecordBytes+100]
	badLabel := genFiles(5)
	badLabel[TestFile][3*RecordBytes] = 12
	missing := genFiles(2)
	delete(missing, "data_batch_4.bin")
	empty := genFiles(2)
	empty["data_batch_5.bin"] = nil
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  []string
	}{
		{"truncated", truncated, []string{"data_batch_2.bin", "not a multiple of the 3073-byte record", "2 whole records and 100 bytes left over"}},
		{"bad-label", badLabel, []string{"test_batch.bin", "record 3 ", "label 12 > 9"}},
		{"missing", missing, []string{"data_batch_4.bin", "missing"}},
		{"empty", empty, []string{"data_batch_5.bin", "empty file"}},
	} {
		dir := filepath.Join(t.TempDir(), FolderName)
		writeDir(t, dir, tc.files)
		_, _, err := Load(dir)
		checkErr(t, tc.name+" folder", err, tc.want)
		if tc.name == "missing" {
			tc.want = []string{"lacks [data_batch_4.bin]"}
		}
		tarball := filepath.Join(t.TempDir(), TarballName)
		if err := os.WriteFile(tarball, makeTar(t, tc.files, true), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err = Load(tarball)
		checkErr(t, tc.name+" tarball", err, append(tc.want, tarball))
	}
}

func TestLoadCorruptTarball(t *testing.T) {
	whole := makeTar(t, genFiles(3), true)
	tarball := filepath.Join(t.TempDir(), TarballName)
	if err := os.WriteFile(tarball, whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := Load(tarball)
	checkErr(t, "cut tarball", err, []string{tarball, "unexpected EOF"})

	_, _, err = Load(t.TempDir())
	checkErr(t, "empty folder", err, []string{"holds neither", "Download"})
	_, _, err = Load(filepath.Join(t.TempDir(), "nope"))
	checkErr(t, "no such path", err, []string{"nope", "Download"})
}

func checkErr(t *testing.T, what string, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not say %q", what, err, w)
		}
	}
}

func TestRawOrder(t *testing.T) {
	root := t.TempDir()
	writeDir(t, root, genFiles(2))
	train, _, err := LoadRaw(root)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Concat(genBatch(1, 2), genBatch(2, 2))
	if train.Labels[2] != int32(want[2*RecordBytes]) || !slices.Equal(train.Pixels[2*ImageBytes:3*ImageBytes], want[2*RecordBytes+1:3*RecordBytes]) {
		t.Error("record 2 of the training set is not the first record of data_batch_2")
	}
}
