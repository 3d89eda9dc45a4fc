package mnist

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

	"github.com/dartsml/godarts/data/fetch"
)

// testSet is Fashion with the digests of a generated set of n images, which a loopback mirror
// serves; it returns the set and the mirror's request counter.
func testSet(t *testing.T, n int) (*Set, *atomic.Int32) {
	dir := t.TempDir()
	genSet(t, dir, n, true)
	served := map[string][]byte{}
	set := &Set{Name: Fashion.Name, Title: Fashion.Title, Folder: Fashion.Folder}
	for _, f := range Fashion.Files {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := md5.Sum(b)
		served["/"+set.Name+"/"+f.Name] = b
		set.Files = append(set.Files, fetch.File{Name: f.Name, URLs: f.URLs, Sum: "md5:" + hex.EncodeToString(sum[:])})
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b, ok := served[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	t.Setenv(fetch.EnvMirror, srv.URL)
	return set, &hits
}

func TestFetch(t *testing.T) {
	set, hits := testSet(t, 5)
	root := t.TempDir()
	d, err := Fetch(context.Background(), fetch.Getter{Progress: &bytes.Buffer{}}, root, set)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := LoadFrom(d, "f", FashionNorm)
	if err != nil || train.Len() != 5 || test.Len() != 5 {
		t.Fatalf("load: %v", err)
	}
	if es, _ := os.ReadDir(root); len(es) != 1 || es[0].Name() != set.Folder {
		t.Errorf("root holds %v, want only %s", es, set.Folder)
	}
	if _, err := Fetch(context.Background(), fetch.Getter{Progress: &bytes.Buffer{}}, root, set); err != nil || hits.Load() != 4 {
		t.Errorf("second fetch: %v, %d requests", err, hits.Load())
	}
	// One bad digest: nothing is installed, nothing of the bad file is kept.
	set.Files[3].Sum = "md5:" + strings.Repeat("0", 32)
	root = t.TempDir()
	_, err = Fetch(context.Background(), fetch.Getter{Progress: &bytes.Buffer{}}, root, set)
	if err == nil || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte.gz") || fetch.Exists(filepath.Join(root, set.Folder)) {
		t.Errorf("bad digest: %v", err)
	}
}

func TestEnsure(t *testing.T) {
	set, hits := testSet(t, 2)
	tmp := t.TempDir()
	t.Chdir(tmp) // no go.mod above: no shared folder
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	t.Setenv(fetch.EnvData, "")
	defer func(d string) { fashionSystemDir = d }(fashionSystemDir)
	fashionSystemDir = filepath.Join(tmp, "debian")
	var out bytes.Buffer
	d, err := Ensure(context.Background(), fetch.Getter{Progress: &out}, "", set)
	if want := filepath.Join(tmp, "cache", "godarts", "fashion-mnist"); err != nil || d != want || hits.Load() != 4 {
		t.Fatalf("Ensure: %s, %v, %d requests; want %s", d, err, hits.Load(), want)
	}
	if !strings.Contains(out.String(), "fashion-mnist: no copy found") {
		t.Errorf("progress %q", out.String())
	}
	if d2, err := Ensure(context.Background(), fetch.Getter{Progress: &out}, "", set); d2 != d || err != nil || hits.Load() != 4 {
		t.Errorf("present: %s, %v, %d requests", d2, err, hits.Load())
	}
	// Offline and absent: the error names the set, where it looked and the command.
	os.RemoveAll(d)
	t.Setenv(fetch.EnvMirror, "http://127.0.0.1:1")
	_, err = Ensure(context.Background(), fetch.Getter{Progress: &out}, "", set)
	for _, s := range []string{"Fashion-MNIST not found", fashionSystemDir, "`darts download fashion-mnist`"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("offline: %v, want it to contain %q", err, s)
		}
	}
}
