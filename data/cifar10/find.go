package cifar10

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// SubsetFolder is where the team's 12,000-image subset lives inside ../shared/data.
const SubsetFolder = "cifar10-subset"

// Find returns the CIFAR-10 location Load should read, trying in order:
//  1. path, when not empty (a folder or the tarball; an error if it does not exist);
//  2. in each of fetch.Roots() ($DARTS_DATA, ../shared/data next to the repository, the user
//     cache): cifar-10-batches-bin, then cifar-10-binary.tar.gz, and in ../shared/data the
//     subset cifar10-subset/cifar-10-batches-bin.
//
// It never downloads (Ensure does): a missing data set is an error listing every place tried.
func Find(path string) (string, error) {
	return find(path, false, &fetch.Lookup{})
}

// FindFull is Find for the full 50,000 training images: the shared subset is skipped.
func FindFull(path string) (string, error) {
	return find(path, true, &fetch.Lookup{})
}

func find(path string, full bool, looked *fetch.Lookup) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("CIFAR-10: %w", err)
		}
		return path, nil
	}
	for _, pl := range fetch.Roots() {
		cands := []string{filepath.Join(pl.Dir, FolderName), filepath.Join(pl.Dir, TarballName)}
		if pl.Kind == fetch.FromShared && !full {
			cands = append(cands, filepath.Join(pl.Dir, SubsetFolder, FolderName))
		}
		for _, p := range cands {
			if looked.Try(p) {
				return p, nil
			}
		}
	}
	return "", errNotFound(looked)
}
