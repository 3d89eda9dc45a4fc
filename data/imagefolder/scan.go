package imagefolder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// isImage reports whether name has an image extension we decode.
func isImage(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png", ".jpg", ".jpeg":
		return true
	}
	return false
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// ErrNoClasses is wrapped by Scan's error for a folder without class sub-folders.
var ErrNoClasses = errors.New("no class sub-folders")

// Scan lists the classes of root/<class>/<image> (the sub-folders, sorted; links followed) and,
// in a deterministic order (class, then path), the image files (.png, .jpg, .jpeg in any case,
// found recursively; hidden entries skipped) with their labels. A folder without classes, or a
// class without images, is an error naming it. data/imagenet shares these rules.
func Scan(root string) (classes, paths []string, labels []int32, err error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("imagefolder: %w", err)
	}
	for _, e := range entries {
		if hidden(e.Name()) {
			continue
		}
		// Stat follows symbolic links, so a class folder may be a link to elsewhere.
		if st, err := os.Stat(filepath.Join(root, e.Name())); err == nil && st.IsDir() {
			classes = append(classes, e.Name())
		}
	}
	slices.Sort(classes)
	if len(classes) == 0 {
		return nil, nil, nil, fmt.Errorf("imagefolder: %s has %w (want root/<class>/<image>.png|jpg)", root, ErrNoClasses)
	}
	for label, class := range classes {
		dir := filepath.Join(root, class)
		n := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != dir && hidden(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !isImage(d.Name()) {
				return nil
			}
			paths = append(paths, p)
			labels = append(labels, int32(label))
			n++
			return nil
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("imagefolder: %w", err)
		}
		// An empty class would still take a label and a slot in every classifier head; that is
		// almost always a mistake in preparing the folder, so say so.
		if n == 0 {
			return nil, nil, nil, fmt.Errorf("imagefolder: %s: class folder holds no .png/.jpg/.jpeg images", dir)
		}
	}
	return classes, paths, labels, nil
}
