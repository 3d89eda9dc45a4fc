package text

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Official archives. Neither archive digest could be checked against a download here (no
// network); each is the value other loaders pin for the same URL: PTBMD5 is PaddlePaddle's
// for simple-examples.tgz, WikiText2MD5 torchtext's for wikitext-2-v1.zip. Download checks
// them, and in any case checks the three extracted files against digests computed from real
// copies, so a wrong archive constant can only cause a refusal, never a silently wrong corpus.
const (
	PTBURL       = "http://www.fit.vutbr.cz/~imikolov/rnnlm/simple-examples.tgz"
	PTBMD5       = "30177ea32e27c525793142b6bf2c8e2d"
	WikiText2URL = "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-2-v1.zip"
	WikiText2MD5 = "542ccefacc6c27f945fb54453812b3cd"
	// WikiText2Mirror is Stephen Merity's own copy, tried after the original bucket (reported
	// gone). Its archive digest is unknown and mirrors may repack, so only the extracted
	// files are checked for it.
	WikiText2Mirror = "https://wikitext.smerity.com/wikitext-2-v1.zip"
)

// Source is one place to fetch an archive from. An empty MD5 skips the archive check; the
// extracted files are always checked.
type Source struct {
	URL string
	MD5 string
}

// DownloadPTB is Download(cacheDir, PTB).
func DownloadPTB(cacheDir string) (string, error) { return Download(cacheDir, PTB) }

// DownloadWikiText2 is Download(cacheDir, WikiText2).
func DownloadWikiText2(cacheDir string) (string, error) { return Download(cacheDir, WikiText2) }

// Download makes sure cacheDir/ptb (resp. cacheDir/wikitext-2) holds verified copies of the
// three official files and returns that folder, which Load accepts. Files already there with
// the right MD5 are reused without touching the network. Progress goes to stderr.
func Download(cacheDir string, kind Kind) (string, error) {
	return Downloader{}.Fetch(context.Background(), cacheDir, kind)
}

// Downloader is Download with its knobs exposed, mainly so tests can point it at a local
// server with a generated archive.
type Downloader struct {
	Sources  []Source     // default: the kind's official sources, tried in order
	FileMD5  [3]string    // digests of the train, valid, test files; empty: the official ones
	Client   *http.Client // default: http.DefaultClient
	Progress io.Writer    // progress line; default os.Stderr, io.Discard to silence
}

// Fetch downloads and extracts kind into cacheDir/<folder> unless verified files are there.
// The archive goes to a temporary file in cacheDir, hashed on the way, is checked, read, and
// removed; each extracted file is checked before it is renamed into place. A crash or a bad
// transfer thus leaves either the old state or nothing, never a file that looks valid.
func (d Downloader) Fetch(ctx context.Context, cacheDir string, kind Kind) (string, error) {
	sp, err := kind.spec()
	if err != nil {
		return "", err
	}
	sources, want := d.Sources, d.FileMD5
	if len(sources) == 0 {
		sources = sp.sources
	}
	for s := range want {
		if want[s] == "" {
			want[s] = sp.fileMD5[s]
		}
	}
	if d.Client == nil {
		d.Client = http.DefaultClient
	}
	if d.Progress == nil {
		d.Progress = os.Stderr
	}
	dir := filepath.Join(cacheDir, sp.folder)
	if verified(dir, sp.names, want) {
		return dir, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", fmt.Errorf("text: download: %w", err)
	}
	var errs []error
	for _, src := range sources {
		err := d.fetchOne(ctx, src, cacheDir, dir, kind, want)
		if err == nil {
			return dir, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return "", errors.Join(errs...)
}

// verified reports whether dir holds all three files with the wanted digests.
func verified(dir string, names, want [3]string) bool {
	for s, name := range names {
		if sum, err := fileMD5(filepath.Join(dir, name)); err != nil || sum != want[s] {
			return false
		}
	}
	return true
}

func (d Downloader) fetchOne(ctx context.Context, src Source, cacheDir, dir string, kind Kind, want [3]string) error {
	sp, _ := kind.spec()
	tmp, err := d.get(ctx, src, cacheDir, sp.archive)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	data, where, err := readArchive(tmp, kind)
	if err != nil {
		return fmt.Errorf("text: download %s: %w", src.URL, err)
	}
	for s := range data {
		sum := md5.Sum(data[s])
		if got := hex.EncodeToString(sum[:]); got != want[s] {
			member := where[s][strings.LastIndex(where[s], ":")+1:]
			return fmt.Errorf("text: download %s: %s has md5 %s, want %s (not the official %s; nothing was saved)",
				src.URL, member, got, want[s], sp.name)
		}
	}
	return writeSplits(dir, kind, data)
}

// get saves one URL to a temporary file in cacheDir, checking its size and MD5, and returns
// the file's path; the caller removes it.
func (d Downloader) get(ctx context.Context, src Source, cacheDir, archive string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src.URL, nil)
	if err != nil {
		return "", fmt.Errorf("text: download %s: %w", src.URL, err)
	}
	resp, err := d.Client.Do(req)
	if err != nil {
		return "", fmt.Errorf("text: download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("text: download %s: %s", src.URL, resp.Status)
	}
	tmp, err := os.CreateTemp(cacheDir, "."+archive+".*.part")
	if err != nil {
		return "", fmt.Errorf("text: download: %w", err)
	}
	ok := false
	defer func() {
		tmp.Close()
		if !ok {
			os.Remove(tmp.Name())
		}
	}()
	h := md5.New()
	pw := &progressWriter{w: d.Progress, url: src.URL, total: resp.ContentLength}
	n, err := io.Copy(io.MultiWriter(tmp, h, pw), resp.Body)
	pw.finish()
	if err != nil {
		return "", fmt.Errorf("text: download %s: after %d bytes: %w", src.URL, n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return "", fmt.Errorf("text: download %s: got %d of %d bytes", src.URL, n, resp.ContentLength)
	}
	if got := hex.EncodeToString(h.Sum(nil)); src.MD5 != "" && got != src.MD5 {
		return "", fmt.Errorf("text: download %s: md5 %s, want %s (corrupt transfer or a different file; nothing was saved)",
			src.URL, got, src.MD5)
	}
	ok = true
	return tmp.Name(), nil
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

// progressWriter rewrites one line ("\r…") at most five times a second, so a 34 MB download
// neither floods a log nor stays silent.
type progressWriter struct {
	w     io.Writer
	url   string
	total int64
	n     int64
	last  time.Time
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
		fmt.Fprintf(p.w, "\rtext: downloading %s: %.1f / %.1f MiB (%d%%)", p.url,
			float64(p.n)/mib, float64(p.total)/mib, p.n*100/p.total)
	} else {
		fmt.Fprintf(p.w, "\rtext: downloading %s: %.1f MiB", p.url, float64(p.n)/mib)
	}
}

// finish prints the final count and ends the line.
func (p *progressWriter) finish() {
	p.print()
	fmt.Fprintln(p.w)
}
