package text

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// maxMember bounds what an archive header may claim before we allocate for it: the largest
// official file (wiki.train.tokens) is 10.8 MB, so anything near this is a corrupt header.
const maxMember = 1 << 30

// loadArchive tokenises the splits read straight out of an official archive.
func loadArchive(file string, kind Kind) (*Corpus, error) {
	data, where, err := readArchive(file, kind)
	if err != nil {
		return nil, err
	}
	return build(kind, data, where)
}

// Extract copies the three split files of kind out of archive (simple-examples.tgz,
// wikitext-2-v1.zip, or any tar, tar.gz or zip holding files with the official names) into
// dir, created if needed, under their official names, and returns dir. Checksums are not
// checked here (Download checks them); each file is written under a temporary name and
// renamed, so dir never holds a partial file.
func Extract(archive, dir string, kind Kind) (string, error) {
	data, _, err := readArchive(archive, kind)
	if err != nil {
		return "", err
	}
	return dir, writeSplits(dir, kind, data)
}

func writeSplits(dir string, kind Kind, data [3][]byte) error {
	sp, err := kind.spec()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("text: %w", err)
	}
	for s, name := range sp.names {
		if err := writeAtomic(filepath.Join(dir, name), data[s]); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(dest string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.part")
	if err != nil {
		return fmt.Errorf("text: %w", err)
	}
	err = tmp.Chmod(0o644) // CreateTemp makes it 0600; data files are for every user
	if err == nil {
		_, err = tmp.Write(b)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dest)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("text: writing %s: %w", dest, err)
	}
	return nil
}

// found collects the split files met while scanning an archive.
type found struct {
	data     [3][]byte
	where    [3]string // archive:member
	official [3]bool   // the member sits in the official folder
}

// pick reports which split member holds and whether to read it. Members are matched by base
// name, so the archive's folder layout does not matter; when a name occurs twice, the member
// in the official folder (simple-examples/data, wikitext-2) wins, else the first one.
func (f *found) pick(sp *spec, member string) (s Split, official, ok bool) {
	base := path.Base(member)
	for i, name := range sp.names {
		if base == name {
			official = path.Dir(path.Clean(member)) == sp.member
			return Split(i), official, f.where[i] == "" || (official && !f.official[i])
		}
	}
	return 0, false, false
}

// readArchive returns the three split files of kind found in a tar (optionally gzipped) or
// zip archive, recognised by their magic bytes rather than by the file name.
func readArchive(file string, kind Kind) (data [3][]byte, where [3]string, err error) {
	sp, err := kind.spec()
	if err != nil {
		return data, where, err
	}
	f, err := os.Open(file)
	if err != nil {
		return data, where, fmt.Errorf("text: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	magic, _ := br.Peek(4)
	var got found
	switch {
	case len(magic) == 0:
		return data, where, fmt.Errorf("text: %s: %w (want the %s archive %s)", file, ErrEmpty, sp.name, sp.archive)
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")) || bytes.HasPrefix(magic, []byte("PK\x05\x06")):
		err = readZip(f, file, sp, &got)
	default:
		var r io.Reader = br
		if bytes.HasPrefix(magic, []byte{0x1f, 0x8b}) {
			zr, zerr := gzip.NewReader(br)
			if zerr != nil {
				return data, where, fmt.Errorf("text: %s: %w", file, zerr)
			}
			defer zr.Close()
			r = zr
		}
		err = readTar(r, file, sp, &got)
	}
	if err != nil {
		return data, where, err
	}
	var missing []string
	for s, name := range sp.names {
		if got.where[s] == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return data, where, fmt.Errorf("text: %s: archive lacks %s (want the %s archive %s, with the files under %s/)",
			file, strings.Join(missing, ", "), sp.name, sp.archive, sp.member)
	}
	return got.data, got.where, nil
}

func readTar(r io.Reader, file string, sp *spec, got *found) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("text: %s: reading the archive: %w (want the %s archive %s)", file, err, sp.name, sp.archive)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		s, official, ok := got.pick(sp, hdr.Name)
		if !ok {
			continue
		}
		at := file + ":" + hdr.Name
		if hdr.Size > maxMember {
			return fmt.Errorf("text: %s: header claims %d bytes, more than any corpus file", at, hdr.Size)
		}
		b := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, b); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
				err = fmt.Errorf("archive ends inside the file (want %d bytes): %w", hdr.Size, err)
			}
			return fmt.Errorf("text: %s: %w", at, err)
		}
		got.data[s], got.where[s], got.official[s] = b, at, official
	}
}

func readZip(f *os.File, file string, sp *spec, got *found) error {
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("text: %w", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return fmt.Errorf("text: %s: reading the archive: %w (want the %s archive %s)", file, err, sp.name, sp.archive)
	}
	for _, m := range zr.File {
		if m.FileInfo().IsDir() {
			continue
		}
		s, official, ok := got.pick(sp, m.Name)
		if !ok {
			continue
		}
		at := file + ":" + m.Name
		if m.UncompressedSize64 > maxMember {
			return fmt.Errorf("text: %s: header claims %d bytes, more than any corpus file", at, m.UncompressedSize64)
		}
		rc, err := m.Open()
		if err != nil {
			return fmt.Errorf("text: %s: %w", at, err)
		}
		// The zip reader checks the CRC-32 at the end, so a damaged member fails here.
		b, err := io.ReadAll(io.LimitReader(rc, maxMember+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("text: %s: %w", at, err)
		}
		got.data[s], got.where[s], got.official[s] = b, at, official
	}
	return nil
}
