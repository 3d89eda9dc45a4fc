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
	"slices"
)

// maxEntry bounds the size a tar header may claim before we allocate for it; official batch
// files are 30,730,000 bytes, so anything far beyond is a corrupt header, not a bigger data set.
const maxEntry = 1 << 30

// loadTarball reads the batch files straight out of the release tarball (gzip or plain tar),
// whatever folder they sit in inside it and in whatever order they are stored.
func loadTarball(file string) (train, test *Raw, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("cifar10: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("cifar10: %s: %w", file, err)
		}
		defer zr.Close()
		r = zr
	}

	batches := map[string]*Raw{}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("cifar10: %s: reading the archive: %w", file, err)
		}
		name := path.Base(hdr.Name)
		if hdr.Typeflag != tar.TypeReg || !(name == TestFile || slices.Contains(TrainFiles, name)) {
			continue
		}
		where := file + ":" + hdr.Name
		if hdr.Size > maxEntry {
			return nil, nil, fmt.Errorf("cifar10: %s: header claims %d bytes, more than any batch file", where, hdr.Size)
		}
		data := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, data); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
				err = fmt.Errorf("archive ends inside the entry (want %d bytes): %w", hdr.Size, err)
			}
			return nil, nil, fmt.Errorf("cifar10: %s: %w", where, err)
		}
		raw := &Raw{}
		if err := raw.appendBatch(where, data); err != nil {
			return nil, nil, err
		}
		batches[name] = raw
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
