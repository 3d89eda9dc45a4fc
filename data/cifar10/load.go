package cifar10

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/dataset"
)

// File names of the official release.
const (
	TarballName = "cifar-10-binary.tar.gz"
	FolderName  = "cifar-10-batches-bin"
	TestFile    = "test_batch.bin"
)

// TrainFiles are the training batches in the order their images are concatenated.
var TrainFiles = []string{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"}

// Load reads the training and test sets from path and normalises them with
// dataset.CIFAR10Norm. path may be:
//   - a folder holding the batch files (cifar-10-batches-bin itself);
//   - a folder holding cifar-10-batches-bin (as Download leaves it), or cifar-10-binary.tar.gz;
//   - the tarball itself (gzip-compressed or plain tar).
//
// All six batch files must be present; the training images are data_batch_1 … _5 in order.
func Load(path string) (train, test *dataset.Images, err error) {
	rtrain, rtest, err := LoadRaw(path)
	if err != nil {
		return nil, nil, err
	}
	if train, err = rtrain.Images("cifar10/train", dataset.CIFAR10Norm); err != nil {
		return nil, nil, err
	}
	if test, err = rtest.Images("cifar10/test", dataset.CIFAR10Norm); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadRaw is Load without the conversion to float32, for callers that want the bytes.
func LoadRaw(path string) (train, test *Raw, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cifar10: %w (%s)", err, howToGet)
	}
	if !st.IsDir() {
		return loadTarball(path)
	}
	switch {
	case exists(filepath.Join(path, TrainFiles[0])):
		return loadDir(path)
	case exists(filepath.Join(path, FolderName, TrainFiles[0])):
		return loadDir(filepath.Join(path, FolderName))
	case exists(filepath.Join(path, TarballName)):
		return loadTarball(filepath.Join(path, TarballName))
	}
	return nil, nil, fmt.Errorf("cifar10: %s holds neither %s, %s/ nor %s (%s)",
		path, TrainFiles[0], FolderName, TarballName, howToGet)
}

const howToGet = "get the data with `darts download cifar10` (or cifar10.Download) or from " + URL +
	" and pass the tarball or its extracted " + FolderName + " folder"

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// loadDir reads the batch files from an extracted folder. Sizes are known up front, so the
// result is allocated once and each file goes through one reused read buffer.
func loadDir(dir string) (train, test *Raw, err error) {
	var buf []byte
	read := func(r *Raw, name string) error {
		p := filepath.Join(dir, name)
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cifar10: %s: missing batch file (the folder must hold %v and %s)", p, TrainFiles, TestFile)
		}
		if err != nil {
			return fmt.Errorf("cifar10: %w", err)
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return fmt.Errorf("cifar10: %w", err)
		}
		if st.Size() > maxEntry {
			return fmt.Errorf("cifar10: %s: %d bytes, more than any batch file", p, st.Size())
		}
		if int64(cap(buf)) < st.Size() {
			buf = make([]byte, st.Size())
		}
		buf = buf[:st.Size()]
		if _, err := io.ReadFull(f, buf); err != nil {
			return fmt.Errorf("cifar10: %s: %w", p, err)
		}
		return r.appendBatch(p, buf)
	}
	train, test = &Raw{}, &Raw{}
	var total int64
	for _, name := range TrainFiles {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
			total += st.Size()
		}
	}
	n := int(total / RecordBytes)
	train.Pixels, train.Labels = make([]byte, 0, n*ImageBytes), make([]int32, 0, n)
	for _, name := range TrainFiles {
		if err := read(train, name); err != nil {
			return nil, nil, err
		}
	}
	if err := read(test, TestFile); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}
