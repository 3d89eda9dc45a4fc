package cifar10

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// serve returns a loopback server for body at /cifar-10-binary.tar.gz and a request counter.
func serve(t *testing.T, body []byte) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/"+TarballName {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

func TestDownload(t *testing.T) {
	body := makeTar(t, genFiles(3), true)
	srv, hits := serve(t, body)
	cache := filepath.Join(t.TempDir(), "cache")
	var progress bytes.Buffer
	d := Downloader{URL: srv.URL + "/" + TarballName, MD5: md5hex(body), Progress: &progress}

	got, err := d.Fetch(context.Background(), cache)
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(cache, TarballName) {
		t.Errorf("path %s", got)
	}
	if data, _ := os.ReadFile(got); !bytes.Equal(data, body) {
		t.Error("saved file differs from the served one")
	}
	if line := progress.String(); !strings.Contains(line, "cifar10: downloading") || !strings.HasSuffix(line, "(100%)\n") {
		t.Errorf("progress output %q", line)
	}
	train, test, err := Load(cache)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, train, test, 3)
	assertOnly(t, cache, TarballName)

	// A verified copy is reused without a request.
	if _, err := d.Fetch(context.Background(), cache); err != nil || hits.Load() != 1 {
		t.Errorf("second fetch: err %v, %d requests", err, hits.Load())
	}
	// A damaged copy is replaced.
	os.WriteFile(got, body[:10], 0o644)
	if _, err := d.Fetch(context.Background(), cache); err != nil || hits.Load() != 2 {
		t.Errorf("refetch of a damaged copy: err %v, %d requests", err, hits.Load())
	}
	if data, _ := os.ReadFile(got); !bytes.Equal(data, body) {
		t.Error("damaged copy not replaced")
	}
}

func TestDownloadWrongChecksum(t *testing.T) {
	body := makeTar(t, genFiles(2), true)
	srv, _ := serve(t, body)
	cache := t.TempDir()
	d := Downloader{URL: srv.URL + "/" + TarballName, MD5: MD5, Progress: &bytes.Buffer{}}
	_, err := d.Fetch(context.Background(), cache)
	checkErr(t, "wrong checksum", err, []string{"md5 " + md5hex(body), "want " + MD5, "nothing was saved"})
	assertOnly(t, cache)
}

func TestDownloadHTTPError(t *testing.T) {
	srv, _ := serve(t, nil)
	cache := t.TempDir()
	d := Downloader{URL: srv.URL + "/elsewhere.tar.gz", Progress: &bytes.Buffer{}}
	_, err := d.Fetch(context.Background(), cache)
	checkErr(t, "404", err, []string{"404", "elsewhere.tar.gz"})
	assertOnly(t, cache)
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
