package fetch

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// server serves body at /ds/f.bin on 127.0.0.1 (Range requests honoured, as by a real file
// server); cutFirst makes the first request stop after half the body. It records each
// request's Range header.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	ranges []string
}

func newServer(t *testing.T, body []byte, cutFirst bool, status int) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		first := len(s.ranges) == 1
		s.mu.Unlock()
		switch {
		case status != 0:
			http.Error(w, "no", status)
		case r.URL.Path != "/ds/f.bin":
			http.NotFound(w, r)
		case cutFirst && first:
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // drop the connection mid-body
		default:
			http.ServeContent(w, r, "f.bin", time.Time{}, bytes.NewReader(body))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ranges...)
}

func body(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func sha(b []byte) string    { s := sha256.Sum256(b); return "sha256:" + hex.EncodeToString(s[:]) }
func md5sum(b []byte) string { s := md5.Sum(b); return "md5:" + hex.EncodeToString(s[:]) }

// entries lists dir's names, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestGet(t *testing.T) {
	data := body(100_000)
	srv := newServer(t, data, false, 0)
	dir := filepath.Join(t.TempDir(), "dl")
	var out bytes.Buffer
	g := Getter{Dataset: "ds", Progress: &out, Mirror: srv.URL}
	for _, sum := range []string{sha(data), md5sum(data)} {
		os.RemoveAll(dir)
		p, err := g.Get(context.Background(), File{Name: "f.bin", URLs: []string{"http://127.0.0.1:1/never"}, Sum: sum}, dir)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(p)
		st, _ := os.Stat(p)
		if !bytes.Equal(got, data) || p != filepath.Join(dir, "f.bin") || st.Mode().Perm() != 0o644 {
			t.Errorf("%s: %s, %d bytes, mode %v", sum, p, len(got), st.Mode())
		}
		if names := entries(t, dir); strings.Join(names, ",") != "f.bin" {
			t.Errorf("left %v", names)
		}
	}
	if !strings.Contains(out.String(), "ds: f.bin: 97.7 KiB in") {
		t.Errorf("progress %q", out.String())
	}
	// A verified copy is kept without a request; a damaged one is fetched again.
	n := len(srv.requests())
	if _, err := g.Get(context.Background(), File{Name: "f.bin", Sum: sha(data)}, dir); err != nil || len(srv.requests()) != n {
		t.Errorf("second call: %v, %d requests", err, len(srv.requests())-n)
	}
	os.WriteFile(filepath.Join(dir, "f.bin"), data[:10], 0o644)
	if _, err := g.Get(context.Background(), File{Name: "f.bin", Sum: sha(data)}, dir); err != nil || len(srv.requests()) != n+1 {
		t.Errorf("damaged copy: %v, %d requests", err, len(srv.requests())-n)
	}
}

func TestGetOfficialURLsInOrderAndMirrorEnv(t *testing.T) {
	data := body(1000)
	srv := newServer(t, data, false, 0)
	dir := t.TempDir()
	g := Getter{Dataset: "ds", Progress: &bytes.Buffer{}}
	t.Setenv(EnvMirror, "")
	f := File{Name: "f.bin", URLs: []string{srv.URL + "/gone", srv.URL + "/ds/f.bin"}, Sum: sha(data)}
	if _, err := g.Get(context.Background(), f, dir); err != nil {
		t.Fatal(err)
	}
	// With DARTS_DATA_MIRROR set, only the mirror is asked.
	os.Remove(filepath.Join(dir, "f.bin"))
	t.Setenv(EnvMirror, srv.URL+"/")
	f.URLs = []string{"http://127.0.0.1:1/official"}
	if _, err := g.Get(context.Background(), f, dir); err != nil {
		t.Fatalf("mirror: %v", err)
	}
}

func TestGetChecksumMismatch(t *testing.T) {
	data := body(5000)
	srv := newServer(t, data, false, 0)
	dir := filepath.Join(t.TempDir(), "dl")
	want := sha([]byte("something else"))
	_, err := Getter{Dataset: "ds", Progress: &bytes.Buffer{}, Mirror: srv.URL}.Get(context.Background(),
		File{Name: "f.bin", Sum: want}, dir)
	for _, s := range []string{"ds: f.bin from " + srv.URL + "/ds/f.bin", "checksum mismatch", "sha256 " + sha(data)[7:],
		"want " + want[7:], "nothing was kept"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("error %v, want it to contain %q", err, s)
		}
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("left %v after a mismatch", names)
	}
}

func TestGetResumes(t *testing.T) {
	data := body(300_000)
	srv := newServer(t, data, true, 0)
	dir := t.TempDir()
	g := Getter{Dataset: "ds", Progress: &bytes.Buffer{}, Mirror: srv.URL, Attempts: 1}
	f := File{Name: "f.bin", Sum: sha(data)}
	_, err := g.Get(context.Background(), f, dir)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(err.Error(), "run again to resume") {
		t.Fatalf("cut transfer: %v", err)
	}
	part, _ := os.ReadFile(filepath.Join(dir, "f.bin.part"))
	if len(part) != len(data)/2 || !bytes.Equal(part, data[:len(part)]) {
		t.Fatalf(".part holds %d bytes, want the first %d", len(part), len(data)/2)
	}
	p, err := g.Get(context.Background(), f, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, data) {
		t.Error("resumed file differs")
	}
	if r := srv.requests(); len(r) != 2 || r[0] != "" || r[1] != "bytes=150000-" {
		t.Errorf("requests' Range headers %q, want none then bytes=150000-", r)
	}
	if names := entries(t, dir); strings.Join(names, ",") != "f.bin" {
		t.Errorf("left %v", names)
	}

	// By default one call retries the broken transfer itself, resuming.
	srv2 := newServer(t, data, true, 0)
	dir2 := t.TempDir()
	if _, err := (Getter{Dataset: "ds", Progress: &bytes.Buffer{}, Mirror: srv2.URL}).Get(context.Background(), f, dir2); err != nil {
		t.Fatal(err)
	}
	if r := srv2.requests(); len(r) != 2 || r[1] != "bytes=150000-" {
		t.Errorf("in-call retry: Range headers %q", r)
	}
}

func TestGetServerErrors(t *testing.T) {
	for _, status := range []int{500, 404} {
		srv := newServer(t, nil, false, status)
		dir := filepath.Join(t.TempDir(), "dl")
		url := srv.URL + "/ds/f.bin"
		_, err := Getter{Dataset: "ds", Progress: &bytes.Buffer{}}.Get(context.Background(),
			File{Name: "f.bin", URLs: []string{url}, Sum: sha(nil)}, dir)
		for _, s := range []string{"ds:", url, strconv.Itoa(status) + " " + http.StatusText(status)} {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("status %d: error %v, want it to contain %q", status, err, s)
			}
		}
		if names := entries(t, dir); len(names) != 0 {
			t.Errorf("left %v", names)
		}
	}
}

func TestGetUnverified(t *testing.T) {
	data := body(100)
	srv := newServer(t, data, false, 0)
	var out bytes.Buffer
	if _, err := (Getter{Dataset: "ds", Progress: &out, Mirror: srv.URL}).Get(context.Background(), File{Name: "f.bin"}, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ds: f.bin is unverified") {
		t.Errorf("progress %q does not say the file is unverified", out.String())
	}
}
