package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/fetch"
)

// cifarTarball is a release-shaped cifar-10-binary.tar.gz with n records per batch file.
func cifarTarball(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for b, name := range append([]string{cifar10.TestFile}, cifar10.TrainFiles...) {
		data := make([]byte, n*cifar10.RecordBytes)
		for i := range data {
			data[i] = byte(i + b)
		}
		for r := 0; r < n; r++ {
			data[r*cifar10.RecordBytes] = byte((r + b) % 10) // the label
		}
		hdr := &tar.Header{Name: cifar10.FolderName + "/" + name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		tw.Write(data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	return buf.Bytes()
}

// cifarMirror serves a generated tarball as DARTS_DATA_MIRROR/cifar10/cifar-10-binary.tar.gz
// on 127.0.0.1, makes it the "official" digest for the test, and counts requests.
func cifarMirror(t *testing.T) *atomic.Int32 {
	body := cifarTarball(t, 4)
	sum := md5.Sum(body)
	old := cifar10.Official
	cifar10.Official.Sum = "md5:" + hex.EncodeToString(sum[:])
	t.Cleanup(func() { cifar10.Official = old })
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/cifar10/"+cifar10.TarballName {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	t.Setenv(fetch.EnvMirror, srv.URL)
	return &hits
}

func TestDownloadCommand(t *testing.T) {
	hits := cifarMirror(t)
	dir := t.TempDir()
	code, stdout, stderr := call("download", "cifar10", "-dir", dir)
	want := filepath.Join(dir, cifar10.FolderName)
	if code != 0 || stdout != "cifar10: "+want+"\n" || !strings.Contains(stderr, "cifar10: into "+dir) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, _, err := cifar10.Load(want); err != nil {
		t.Error(err)
	}
	// Flags before the name; already there: no request.
	if code, _, stderr := call("download", "-dir", dir, "cifar10"); code != 0 || hits.Load() != 1 {
		t.Errorf("second download: exit %d, %d requests, stderr %q", code, hits.Load(), stderr)
	}
	// Without -dir: $DARTS_DATA.
	data := t.TempDir()
	t.Setenv(fetch.EnvData, data)
	if code, stdout, _ := call("download", "cifar10"); code != 0 || !strings.Contains(stdout, filepath.Join(data, cifar10.FolderName)) {
		t.Errorf("into $DARTS_DATA: exit %d, stdout %q", code, stdout)
	}
	// A server error names the data set, the URL and the status.
	code, _, stderr = call("download", "mnist", "-dir", dir)
	if code != 1 || !strings.Contains(stderr, "darts download: mnist: GET http://127.0.0.1:") ||
		!strings.Contains(stderr, "/mnist/train-images-idx3-ubyte.gz: 404 Not Found") {
		t.Errorf("404: exit %d, stderr %q", code, stderr)
	}
}

func TestDownloadUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "name a data set: cifar10, mnist, fashion-mnist, ptb, wikitext2 or all"},
		{[]string{"imagenet"}, `unknown data set "imagenet"`},
		{[]string{"cifar10", "-size", "3"}, "flag provided but not defined: -size"},
	} {
		code, _, stderr := call(append([]string{"download"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := call("version")
	if code != 0 || !strings.HasPrefix(stdout, "darts ") || !strings.Contains(stdout, runtime.Version()) ||
		!strings.Contains(stdout, "GoMLX v") {
		t.Errorf("exit %d, output %q", code, stdout)
	}
}
