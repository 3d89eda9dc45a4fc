package cifar10

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// maxEntry bounds the size a tar header may claim before we allocate for it; official batch
// files are 30,730,000 bytes, so anything far beyond is a corrupt header, not a bigger data set.
const maxEntry = 1 << 30

// loadTarball reads the batch files straight out of the release tarball (gzip or plain tar),
// whatever folder they sit in inside it and in whatever order they are stored.
func loadTarball(file string) (train, test *Raw, err error) {
	batches := map[string]*Raw{}
	err = walkTarball(file, func(name, where string, data []byte) error {
		if name == metaFile {
			return nil
		}
		raw := &Raw{}
		if err := raw.appendBatch(where, data); err != nil {
			return err
		}
		batches[name] = raw
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var missing []string
	for _, name := range append(slices.Clone(TrainFiles), TestFile) {
		if batches[name] == nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("cifar10: %s: archive lacks %v (is it the binary release %s?)", file, missing, TarballName)
	}
	train = &Raw{}
	for _, name := range TrainFiles {
		train.Pixels = append(train.Pixels, batches[name].Pixels...)
		train.Labels = append(train.Labels, batches[name].Labels...)
	}
	return train, batches[TestFile], nil
}

// metaFile names the classes; extracted with the batches, not needed to load them.
const metaFile = "batches.meta.txt"

// walkTarball calls fn with each batch file (and batches.meta.txt) of a release tarball.
func walkTarball(file string, fn func(name, where string, data []byte) error) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cifar10: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("cifar10: %s: %w", file, err)
		}
		defer zr.Close()
		r = zr
	}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cifar10: %s: reading the archive: %w", file, err)
		}
		name := path.Base(hdr.Name)
		if hdr.Typeflag != tar.TypeReg || !(name == TestFile || name == metaFile || slices.Contains(TrainFiles, name)) {
			continue
		}
		where := file + ":" + hdr.Name
		if hdr.Size > maxEntry {
			return fmt.Errorf("cifar10: %s: header claims %d bytes, more than any batch file", where, hdr.Size)
		}
		data := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, data); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
				err = fmt.Errorf("archive ends inside the entry (want %d bytes): %w", hdr.Size, err)
			}
			return fmt.Errorf("cifar10: %s: %w", where, err)
		}
		if err := fn(name, where, data); err != nil {
			return err
		}
	}
}

// extractTarball writes the batch files of a release tarball into dir, checking that each is
// a whole number of records and that none is missing.
func extractTarball(file, dir string) error {
	seen := map[string]bool{}
	err := walkTarball(file, func(name, where string, data []byte) error {
		if name != metaFile && len(data)%RecordBytes != 0 {
			return fmt.Errorf("cifar10: %s: %d bytes, not a whole number of %d-byte records", where, len(data), RecordBytes)
		}
		seen[name] = true
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("cifar10: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range append(slices.Clone(TrainFiles), TestFile) {
		if !seen[name] {
			return fmt.Errorf("cifar10: %s: archive lacks %s (is it the binary release %s?)", file, name, TarballName)
		}
	}
	return nil
}
