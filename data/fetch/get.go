package fetch

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// File is one file of a data set as published.
type File struct {
	Name string   // file name, in the download folder and under the mirror
	URLs []string // official locations, tried in order
	// Sum is the published digest, "sha256:<hex>" or "md5:<hex>", or "" where none is known:
	// the file is then accepted as it comes and reported as unverified.
	Sum string
}

// Getter downloads files of one data set.
type Getter struct {
	Dataset  string       // name for messages and the mirror path, e.g. "cifar10"
	Client   *http.Client // default: one that gives up on a server silent for a minute
	Progress io.Writer    // default DefaultProgress, else os.Stderr; io.Discard silences
	// Mirror replaces the official URLs by Mirror/<Dataset>/<Name>; default $DARTS_DATA_MIRROR.
	Mirror string
	// Attempts bounds the tries per URL when a transfer breaks after making progress (each
	// resumes where the last stopped); default 3.
	Attempts int
}

// defaultClient is http.DefaultClient's transport with a bound on the wait for a reply, so an
// unreachable host fails (and the next URL is tried) rather than hanging; the transfer itself
// may take as long as it needs.
var defaultClient = func() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: tr}
}()

// ErrChecksum is wrapped by the error of a download whose digest differs from the published one.
var ErrChecksum = errors.New("checksum mismatch")

// Get makes dir/f.Name a verified copy of f and returns its path. A verified copy already there
// is kept without a request. The transfer goes to dir/f.Name+".part" and resumes from it.
func (g Getter) Get(ctx context.Context, f File, dir string) (string, error) {
	if g.Client == nil {
		g.Client = defaultClient
	}
	if g.Progress == nil {
		g.Progress = defaultProgress()
	}
	if g.Mirror == "" {
		g.Mirror = os.Getenv(EnvMirror)
	}
	if g.Attempts <= 0 {
		g.Attempts = 3
	}
	dest := filepath.Join(dir, f.Name)
	if Exists(dest) {
		if err := verify(dest, f.Sum); err == nil {
			return dest, nil
		}
		if err := os.Remove(dest); err != nil {
			return "", fmt.Errorf("%s: %w", g.Dataset, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("%s: %w", g.Dataset, err)
	}
	urls := f.URLs
	if g.Mirror != "" {
		urls = []string{strings.TrimRight(g.Mirror, "/") + "/" + g.Dataset + "/" + f.Name}
	}
	if len(urls) == 0 {
		return "", fmt.Errorf("%s: no URL for %s", g.Dataset, f.Name)
	}
	var errs []error
	for _, url := range urls {
		err := g.getURL(ctx, url, f, dest)
		if err == nil {
			return dest, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil || errors.Is(err, ErrChecksum) {
			break
		}
	}
	return "", errors.Join(errs...)
}

// getURL downloads url into dest's .part, retrying a broken transfer, then verifies and renames.
func (g Getter) getURL(ctx context.Context, url string, f File, dest string) error {
	part := dest + ".part"
	for try := 1; ; try++ {
		progressed, err := g.transfer(ctx, url, part)
		if err == nil {
			break
		}
		if !progressed || try >= g.Attempts || ctx.Err() != nil {
			return err
		}
		fmt.Fprintf(g.Progress, "%s: %v; resuming\n", g.Dataset, err)
	}
	if err := verify(part, f.Sum); err != nil {
		os.Remove(part)
		return fmt.Errorf("%s: %s from %s: %w (a corrupt transfer or a different file; nothing was kept)", g.Dataset, f.Name, url, err)
	}
	if f.Sum == "" {
		fmt.Fprintf(g.Progress, "%s: %s is unverified: no published checksum is known for it\n", g.Dataset, f.Name)
	}
	if err := os.Chmod(part, 0o644); err != nil {
		return fmt.Errorf("%s: %w", g.Dataset, err)
	}
	if err := os.Rename(part, dest); err != nil {
		return fmt.Errorf("%s: %w", g.Dataset, err)
	}
	return nil
}

// transfer appends the rest of url to part (all of it when part is absent or the server ignores
// the Range header). It reports whether any byte was written.
func (g Getter) transfer(ctx context.Context, url, part string) (progressed bool, err error) {
	var offset int64
	if st, err := os.Stat(part); err == nil {
		offset = st.Size()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, fmt.Errorf("%s: %s: %w", g.Dataset, url, err)
	}
	if offset > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", offset))
	}
	resp, err := g.Client.Do(req)
	if err != nil {
		return false, fmt.Errorf("%s: %w", g.Dataset, err)
	}
	defer resp.Body.Close()
	total := resp.ContentLength
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0 && contentRangeStart(resp) == offset:
		flags = os.O_WRONLY | os.O_APPEND
		if total >= 0 {
			total += offset
		}
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && offset > 0:
		// The part is as long as the file or longer: let the checksum decide.
		return false, nil
	case resp.StatusCode == http.StatusOK:
		offset = 0 // no resume: start again
	case resp.StatusCode == http.StatusPartialContent:
		os.Remove(part) // a range we did not ask for: start afresh next time
		return false, fmt.Errorf("%s: GET %s: unexpected Content-Range %q", g.Dataset, url, resp.Header.Get("Content-Range"))
	default:
		return false, fmt.Errorf("%s: GET %s: %s", g.Dataset, url, resp.Status)
	}
	out, err := os.OpenFile(part, flags, 0o644)
	if err != nil {
		return false, fmt.Errorf("%s: %w", g.Dataset, err)
	}
	p := newProgress(g.Progress, g.Dataset+": "+filepath.Base(strings.TrimSuffix(part, ".part")), offset, total)
	n, err := io.Copy(io.MultiWriter(out, p), resp.Body)
	if serr := out.Sync(); err == nil {
		err = serr
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	p.finish(err == nil)
	if err == nil && total >= 0 && offset+n != total {
		err = fmt.Errorf("got %d of %d bytes", offset+n, total)
	}
	if err != nil {
		return n > 0, fmt.Errorf("%s: download from %s interrupted after %s (kept in %s: run again to resume): %w",
			g.Dataset, url, size(offset+n), part, err)
	}
	return true, nil
}

// contentRangeStart is the first byte of a 206 reply ("bytes 100-199/200"), -1 if unreadable.
func contentRangeStart(resp *http.Response) int64 {
	cr, ok := strings.CutPrefix(resp.Header.Get("Content-Range"), "bytes ")
	if !ok {
		return -1
	}
	start, _, ok := strings.Cut(cr, "-")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(start, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// verify checks file against sum ("sha256:…", "md5:…", or "" for no check).
func verify(file, sum string) error {
	if sum == "" {
		return nil
	}
	algo, want, ok := strings.Cut(sum, ":")
	var h hash.Hash
	switch {
	case ok && algo == "sha256":
		h = sha256.New()
	case ok && algo == "md5":
		h = md5.New()
	default:
		return fmt.Errorf("fetch: checksum %q: want sha256:<hex> or md5:<hex>", sum)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != strings.ToLower(want) {
		return fmt.Errorf("%w: %s %s, want %s", ErrChecksum, algo, got, want)
	}
	return nil
}
