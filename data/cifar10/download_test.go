package cifar10

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dartsml/godarts/data/fetch"
)

// mirror serves body at /cifar10/cifar-10-binary.tar.gz on 127.0.0.1, sets DARTS_DATA_MIRROR to
// it, and counts requests.
func mirror(t *testing.T, body []byte) *atomic.Int32 {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/"+Name+"/"+TarballName {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	t.Setenv(fetch.EnvMirror, srv.URL)
	return &hits
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// withSum replaces the official digest by body's for the test.
func withSum(t *testing.T, body []byte) {
	old := Official
	Official.Sum = "md5:" + md5hex(body)
	t.Cleanup(func() { Official = old })
}

func TestFetch(t *testing.T) {
	body := makeTar(t, genFiles(3), true)
	hits := mirror(t, body)
	withSum(t, body)
	root := filepath.Join(t.TempDir(), "root")
	var progress bytes.Buffer
	got, err := Fetch(context.Background(), fetch.Getter{Progress: &progress}, root)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(root, FolderName) {
		t.Errorf("path %s", got)
	}
	if !strings.Contains(progress.String(), "cifar10: "+TarballName+": ") {
		t.Errorf("progress output %q", progress.String())
	}
	train, test, err := Load(got)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, train, test, 3)
	assertOnly(t, root, FolderName) // the tarball and the staging folder are gone
	assertOnly(t, got, append([]string{"batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
		"data_batch_4.bin", "data_batch_5.bin"}, TestFile)...)

	// A complete folder is kept without a request.
	if _, err := Fetch(context.Background(), fetch.Getter{Progress: &progress}, root); err != nil || hits.Load() != 1 {
		t.Errorf("second fetch: err %v, %d requests", err, hits.Load())
	}
}

func TestFetchWrongChecksum(t *testing.T) {
	body := makeTar(t, genFiles(2), true)
	mirror(t, body)
	root := t.TempDir()
	_, err := Fetch(context.Background(), fetch.Getter{Progress: &bytes.Buffer{}}, root)
	if !errors.Is(err, fetch.ErrChecksum) {
		t.Errorf("error %v, want a checksum mismatch", err)
	}
	checkErr(t, "wrong checksum", err, []string{"md5 " + md5hex(body), "want " + MD5, "nothing was kept"})
	assertOnly(t, root)
}

func TestFetchTruncatedArchive(t *testing.T) {
	body := makeTar(t, genFiles(2), false)
	body = body[:len(body)/2]
	mirror(t, body)
	withSum(t, body)
	root := t.TempDir()
	_, err := Fetch(context.Background(), fetch.Getter{Progress: &bytes.Buffer{}}, root)
	if err == nil {
		t.Fatal("half an archive extracted")
	}
	if fetch.Exists(filepath.Join(root, FolderName)) {
		t.Error("a partial folder was installed")
	}
}

func TestFetchHTTPError(t *testing.T) {
	mirror(t, nil)
	old := Official
	Official.Name = "elsewhere.tar.gz"
	t.Cleanup(func() { Official = old })
	root := t.TempDir()
	_, err := Fetch(context.Background(), fetch.Getter{Progress: &bytes.Buffer{}}, root)
	checkErr(t, "404", err, []string{"cifar10", "404", "elsewhere.tar.gz"})
	assertOnly(t, root)
}

// assertOnly fails unless dir holds exactly the named files: no leftover temporary parts.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
