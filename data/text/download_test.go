package text

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dartsml/godarts/data/fetch"
)

// serve returns a loopback server with the given files and a request counter.
func serve(t *testing.T, files map[string][]byte) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// tinyMD5 are the digests of tiny's files, standing in for the official ones.
func tinyMD5() (sums [3]string) {
	for s := range tiny {
		sums[s] = md5hex([]byte(tiny[s]))
	}
	return sums
}

// ls lists dir, to check that no temporary file was left behind.
func ls(t *testing.T, dir string) []string {
	t.Helper()
	es, _ := os.ReadDir(dir)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestDownloadPTB(t *testing.T) {
	// Extra members, a decoy with an official name outside the official folder, and the
	// layout of the real tarball (./simple-examples/data/…).
	ms := append([]member{
		{"./simple-examples/", ""},
		{"./simple-examples/1-train/ptb.train.txt", "decoy\n"},
		{"./simple-examples/data/ptb.char.train.txt", "a _ b\n"},
	}, tinyMembers(PTB, "./")...)
	body := makeTarGz(t, ms)
	srv, hits := serve(t, map[string][]byte{"/simple-examples.tgz": body})
	cache := filepath.Join(t.TempDir(), "cache")
	var progress bytes.Buffer
	d := Downloader{
		Sources: []fetch.File{{URLs: []string{srv.URL + "/simple-examples.tgz"}, Sum: "md5:" + md5hex(body)}},
		FileMD5: tinyMD5(),
		Getter:  fetch.Getter{Progress: &progress},
	}
	dir, err := d.Fetch(context.Background(), cache, PTB)
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(cache, "ptb") {
		t.Errorf("folder %s", dir)
	}
	if got := ls(t, dir); !slices.Equal(got, []string{"ptb.test.txt", "ptb.train.txt", "ptb.valid.txt"}) {
		t.Errorf("extracted %v", got)
	}
	if got := ls(t, cache); !slices.Equal(got, []string{"ptb"}) {
		t.Errorf("cache holds %v; the archive and temporary files should be gone", got)
	}
	if line := progress.String(); !strings.Contains(line, "ptb: simple-examples.tgz: ") {
		t.Errorf("progress %q", line)
	}
	c, err := LoadPTB(dir)
	checkTiny(t, c, err) // not the decoy
	if st, err := os.Stat(filepath.Join(dir, "ptb.train.txt")); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("extracted file: %v, %v; want mode 0644", st.Mode(), err)
	}

	// Verified files are reused without a request; a damaged one is fetched again.
	if _, err := d.Fetch(context.Background(), cache, PTB); err != nil || hits.Load() != 1 {
		t.Errorf("second fetch: %v, %d requests", err, hits.Load())
	}
	os.WriteFile(filepath.Join(dir, "ptb.valid.txt"), []byte("the cat\n"), 0o644)
	if _, err := d.Fetch(context.Background(), cache, PTB); err != nil || hits.Load() != 2 {
		t.Errorf("repair: %v, %d requests", err, hits.Load())
	}
	c, err = LoadPTB(dir)
	checkTiny(t, c, err)
}

func TestDownloadWikiText2Fallback(t *testing.T) {
	body := makeZip(t, tinyMembers(WikiText2, ""))
	srv, hits := serve(t, map[string][]byte{"/mirror/wikitext-2-v1.zip": body})
	cache := t.TempDir()
	d := Downloader{
		// The first source is gone, the second has no archive digest: the files are checked.
		Sources: []fetch.File{{URLs: []string{srv.URL + "/gone.zip"}, Sum: "md5:0123"},
			{URLs: []string{srv.URL + "/mirror/wikitext-2-v1.zip"}}},
		FileMD5: tinyMD5(),
		Getter:  fetch.Getter{Progress: io.Discard},
	}
	dir, err := d.Fetch(context.Background(), cache, WikiText2)
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 2 || !slices.Equal(ls(t, dir), []string{"wiki.test.tokens", "wiki.train.tokens", "wiki.valid.tokens"}) {
		t.Errorf("%d requests, extracted %v", hits.Load(), ls(t, dir))
	}
	c, err := LoadWikiText2(dir)
	checkTiny(t, c, err)
}

func TestDownloadRejects(t *testing.T) {
	body := makeTarGz(t, tinyMembers(PTB, ""))
	srv, _ := serve(t, map[string][]byte{"/a.tgz": body})
	for _, tc := range []struct {
		name string
		d    Downloader
		want []string
	}{
		{"archive md5", Downloader{Sources: []fetch.File{{URLs: []string{srv.URL + "/a.tgz"}, Sum: "md5:" + strings.Repeat("0", 32)}}, FileMD5: tinyMD5()},
			[]string{"md5 " + md5hex(body), "nothing was kept"}},
		// The default digests are the official files': a generated corpus must be refused.
		{"file md5", Downloader{Sources: []fetch.File{{URLs: []string{srv.URL + "/a.tgz"}}}},
			[]string{"simple-examples/data/ptb.train.txt has md5", specs[PTB].fileMD5[Train], "not the official PTB"}},
		{"http status", Downloader{Sources: []fetch.File{{URLs: []string{srv.URL + "/missing.tgz"}}}}, []string{"ptb: GET " + srv.URL + "/missing.tgz: 404 Not Found"}},
	} {
		cache := t.TempDir()
		tc.d.Getter.Progress = io.Discard
		_, err := tc.d.Fetch(context.Background(), cache, PTB)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, err, w)
			}
		}
		if got := ls(t, cache); len(got) != 0 {
			t.Errorf("%s: cache holds %v", tc.name, got)
		}
	}
}

func TestExtract(t *testing.T) {
	tmp := t.TempDir()
	archive := writeFiles(t, tmp, map[string]string{"w.zip": string(makeZip(t, tinyMembers(WikiText2, "")))})
	dir, err := Extract(filepath.Join(archive, "w.zip"), filepath.Join(tmp, "out"), WikiText2)
	if err != nil {
		t.Fatal(err)
	}
	for s, name := range specs[WikiText2].names {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != tiny[s] {
			t.Errorf("%s: %q", name, b)
		}
	}
	if _, err := Extract(filepath.Join(tmp, "none.zip"), dir, PTB); err == nil {
		t.Error("a missing archive should be an error")
	}
}

// TestEnsure: a missing corpus is downloaded from $DARTS_DATA_MIRROR/ptb/simple-examples.tgz
// into $DARTS_DATA; offline, the error names the corpus, where it looked and the command.
func TestEnsure(t *testing.T) {
	tmp := t.TempDir()
	writeFiles(t, filepath.Join(tmp, "repo"), map[string]string{"go.mod": "module x\n"})
	t.Chdir(filepath.Join(tmp, "repo"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	t.Setenv("HOME", tmp)
	t.Setenv(EnvData, filepath.Join(tmp, "data"))
	t.Setenv(fetch.EnvMirror, "http://127.0.0.1:1")
	var out bytes.Buffer
	g := fetch.Getter{Progress: &out}
	_, err := Ensure(context.Background(), g, "", PTB)
	for _, s := range []string{"PTB not found", filepath.Join(tmp, "data", "ptb"), "`darts download ptb`"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("offline: %v, want it to contain %q", err, s)
		}
	}

	body := makeTarGz(t, tinyMembers(PTB, ""))
	srv, hits := serve(t, map[string][]byte{"/ptb/simple-examples.tgz": body})
	t.Setenv(fetch.EnvMirror, srv.URL)
	old := specs[PTB]
	specs[PTB].fileMD5 = tinyMD5()
	specs[PTB].sources = []fetch.File{{Sum: "md5:" + md5hex(body)}}
	t.Cleanup(func() { specs[PTB] = old })
	dir, err := Ensure(context.Background(), g, "", PTB)
	if err != nil || dir != filepath.Join(tmp, "data", "ptb") || hits.Load() != 1 {
		t.Fatalf("Ensure: %s, %v, %d requests", dir, err, hits.Load())
	}
	if !strings.Contains(out.String(), "ptb: no copy found") {
		t.Errorf("progress %q", out.String())
	}
	c, err := LoadPTB(dir)
	checkTiny(t, c, err)
	if got := ls(t, filepath.Join(tmp, "data")); !slices.Equal(got, []string{"ptb"}) {
		t.Errorf("data folder holds %v", got)
	}
	if _, err := Ensure(context.Background(), g, "", PTB); err != nil || hits.Load() != 1 {
		t.Errorf("present: %v, %d requests", err, hits.Load())
	}
}

// TestDownloadFallbackDoesNotResumeAnotherSource: when the first source breaks off mid-body,
// the second starts from byte 0 instead of appending its bytes to the first one's.
func TestDownloadFallbackDoesNotResumeAnotherSource(t *testing.T) {
	good := makeZip(t, tinyMembers(WikiText2, ""))
	other := bytes.Repeat([]byte("x"), len(good))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/broken.zip":
			w.Header().Set("Content-Length", strconv.Itoa(len(other)))
			w.Write(other[:len(other)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		case "/mirror.zip":
			http.ServeContent(w, r, "mirror.zip", time.Time{}, bytes.NewReader(good))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	d := Downloader{
		Sources: []fetch.File{{URLs: []string{srv.URL + "/broken.zip"}}, {URLs: []string{srv.URL + "/mirror.zip"}}},
		FileMD5: tinyMD5(),
		Getter:  fetch.Getter{Progress: io.Discard, Attempts: 1},
	}
	dir, err := d.Fetch(context.Background(), t.TempDir(), WikiText2)
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadWikiText2(dir)
	checkTiny(t, c, err)
}
