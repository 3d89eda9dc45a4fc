package imagenet

import (
	"errors"
	"fmt"

	"github.com/dartsml/godarts/data/imagefolder"
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
	classes, files, labels, err := imagefolder.Scan(root)
	if errors.Is(err, imagefolder.ErrNoClasses) {
		// The raw ILSVRC validation archive unpacks flat; say how the folder must look.
		return nil, fmt.Errorf("imagenet: %w; a flat val/ folder must first be sorted into class folders", err)
	}
	if err != nil {
		return nil, fmt.Errorf("imagenet: %w", err)
	}
	return &Folder{Root: root, Classes: classes, Files: files, Labels: labels}, nil
}

// Len is the number of images.
func (f *Folder) Len() int { return len(f.Files) }

// NumClasses is the number of classes (1000 for ImageNet).
func (f *Folder) NumClasses() int { return len(f.Classes) }

// String describes the folder briefly, e.g. "/data/imagenet/train: 1281167 images, 1000 classes".
func (f *Folder) String() string {
	return fmt.Sprintf("%s: %d images, %d classes", f.Root, f.Len(), f.NumClasses())
}
