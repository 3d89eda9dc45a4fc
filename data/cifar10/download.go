package cifar10

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// URL and MD5 identify the official binary release.
const (
	URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
	MD5 = "c32a1d4ab5d03f1284b67883e8d87530"
)

// Download makes sure cacheDir holds a verified copy of the official tarball and returns its
// path, which Load accepts (as does cacheDir itself). A copy already there with the right MD5 is
// reused without touching the network. Progress goes to stderr.
func Download(cacheDir string) (string, error) {
	return Downloader{}.Fetch(context.Background(), cacheDir)
}

// DefaultCacheDir is where callers without an opinion keep the tarball: the user cache folder
// (e.g. ~/.cache/godarts/cifar10).
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cifar10: %w", err)
	}
	return filepath.Join(base, "godarts", "cifar10"), nil
}

// Downloader is Download with its knobs exposed, mainly so tests can point it at a local server.
type Downloader struct {
	URL      string       // default: the official URL
	MD5      string       // hex digest the file must have; default: the official one
	Client   *http.Client // default: http.DefaultClient
	Progress io.Writer    // progress line; default os.Stderr, io.Discard to silence
}

// Fetch downloads into cacheDir/cifar-10-binary.tar.gz unless a verified copy is there. The
// bytes go to a temporary file in the same folder, are hashed on the way, and the file is
// renamed into place only after the checksum matches: a crash or a bad transfer leaves either
// the old state or nothing, never a half-written tarball under the final name.
func (d Downloader) Fetch(ctx context.Context, cacheDir string) (string, error) {
	url, want := d.URL, d.MD5
	if url == "" {
		url = URL
	}
	if want == "" {
		want = MD5
	}
	client, progress := d.Client, d.Progress
	if client == nil {
		client = http.DefaultClient
	}
	if progress == nil {
		progress = os.Stderr
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", fmt.Errorf("cifar10: download: %w", err)
	}
	dest := filepath.Join(cacheDir, TarballName)
	if sum, err := fileMD5(dest); err == nil && sum == want {
		return dest, nil
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("cifar10: download %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("cifar10: download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("cifar10: download %s: %s", url, resp.Status)
	}

	tmp, err := os.CreateTemp(cacheDir, "."+TarballName+".*.part")
	if err != nil {
		return "", fmt.Errorf("cifar10: download: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := md5.New()
	pw := &progressWriter{w: progress, url: url, total: resp.ContentLength}
	n, err := io.Copy(io.MultiWriter(tmp, h, pw), resp.Body)
	pw.finish()
	if err != nil {
		return "", fmt.Errorf("cifar10: download %s: after %d bytes: %w", url, n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return "", fmt.Errorf("cifar10: download %s: got %d of %d bytes", url, n, resp.ContentLength)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return "", fmt.Errorf("cifar10: download %s: md5 %s, want %s (corrupt transfer or a different file; nothing was saved)", url, got, want)
	}
	// Sync before rename so that after a crash the final name never points at missing data.
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("cifar10: download: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("cifar10: download: %w", err)
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return "", fmt.Errorf("cifar10: download: %w", err)
	}
	done = true
	return dest, nil
}

func fileMD5(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// progressWriter rewrites one stderr line ("\r…") at most a few times a second, so a 160 MB
// download neither floods a log nor stays silent.
type progressWriter struct {
	w     io.Writer
	url   string
	total int64
	n     int64
	last  time.Time
	shown bool
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.print()
	}
	return len(b), nil
}

func (p *progressWriter) print() {
	const mib = 1 << 20
	if p.total > 0 {
		fmt.Fprintf(p.w, "\rcifar10: downloading %s: %.1f / %.1f MiB (%d%%)", p.url,
			float64(p.n)/mib, float64(p.total)/mib, p.n*100/p.total)
	} else {
		fmt.Fprintf(p.w, "\rcifar10: downloading %s: %.1f MiB", p.url, float64(p.n)/mib)
	}
	p.shown = true
}

// finish prints the final count and ends the line.
func (p *progressWriter) finish() {
	p.print()
	fmt.Fprintln(p.w)
}
