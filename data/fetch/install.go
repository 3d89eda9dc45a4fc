package fetch

import (
	"fmt"
	"os"
	"path/filepath"
)

// Install makes the folder dest by calling fill on an empty temporary folder beside it and
// renaming that into place when fill succeeds, so that dest is either complete or untouched: a
// crash or an error leaves at most a hidden temporary folder, removed here on error. An
// existing dest is replaced.
func Install(dest string, fill func(tmp string) error) error {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it 0700
		os.RemoveAll(tmp)
		return fmt.Errorf("fetch: %w", err)
	}
	if err := fill(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if Exists(dest) {
		old := tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("fetch: replacing %s: %w", dest, err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("fetch: %w", err)
	}
	return nil
}

// Staging is the folder where a data set's archives are downloaded before Install: hidden
// inside root, kept between calls so that an interrupted download resumes.
func Staging(root, dataset string) string {
	return filepath.Join(root, ".download", dataset)
}

// Cleanup removes a staging folder after its data set is installed, and .download itself when
// that leaves it empty.
func Cleanup(root, dataset string) {
	os.RemoveAll(Staging(root, dataset))
	os.Remove(filepath.Join(root, ".download")) // fails, harmlessly, while other data sets are pending
}

// Tidy removes a data set's staging folder when a failed download left it empty (nothing to
// resume), and .download when that leaves it empty.
func Tidy(root, dataset string) {
	os.Remove(Staging(root, dataset))
	os.Remove(filepath.Join(root, ".download"))
}
