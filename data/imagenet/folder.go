package imagenet

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Folder is the file list of an ImageNet-style folder; no pixels are read until a Batcher asks
// for them.
type Folder struct {
	Root    string
	Classes []string // Classes[label] is the class folder's name (a WordNet id such as n01440764)
	Files   []string // Files[i] is the path of image i
	Labels  []int32  // Labels[i] is the label of image i
}

// Open lists the images under root, laid out as root/<class>/<image>. The rules are those of
// data/imagefolder (and of torchvision's ImageFolder): class names are the sub-folders in
// sorted order, each class folder is walked recursively, files ending in .jpeg, .jpg or .png in
// any case are images, and hidden entries are ignored.
func Open(root string) (*Folder, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("imagenet: %w", err)
	}
	f := &Folder{Root: root}
	for _, e := range entries {
		if hidden(e.Name()) {
			continue
		}
		// Stat follows symbolic links: a class folder may be a link into another disk.
		if st, err := os.Stat(filepath.Join(root, e.Name())); err == nil && st.IsDir() {
			f.Classes = append(f.Classes, e.Name())
		}
	}
	slices.Sort(f.Classes)
	if len(f.Classes) == 0 {
		// The raw ILSVRC validation archive unpacks flat; say how the folder must look.
		return nil, fmt.Errorf("imagenet: %s has no class sub-folders (want root/<class>/<image>.JPEG; "+
			"a flat val/ folder must first be sorted into class folders)", root)
	}
	for label, class := range f.Classes {
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
			f.Files = append(f.Files, p)
			f.Labels = append(f.Labels, int32(label))
			n++
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("imagenet: %w", err)
		}
		// An empty class still takes a label and a logit; that is nearly always a folder that
		// was not fully copied or extracted, so stop here rather than train a dead class.
		if n == 0 {
			return nil, fmt.Errorf("imagenet: %s: class folder holds no .JPEG/.jpg/.png images", dir)
		}
	}
	return f, nil
}

// Len is the number of images.
func (f *Folder) Len() int { return len(f.Files) }

// NumClasses is the number of classes (1000 for ImageNet).
func (f *Folder) NumClasses() int { return len(f.Classes) }

// String describes the folder briefly, e.g. "/data/imagenet/train: 1281167 images, 1000 classes".
func (f *Folder) String() string {
	return fmt.Sprintf("%s: %d images, %d classes", f.Root, f.Len(), f.NumClasses())
}

func isImage(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpeg", ".jpg", ".png":
		return true
	}
	return false
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") }
