package imagenet

import (
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestOpenClassOrder(t *testing.T) {
	root := t.TempDir()
	px := paint(4, 4, func(x, y int) color.NRGBA { return color.NRGBA{9, 9, 9, 255} })
	// Created out of order; labels must follow the sorted names.
	for _, p := range []string{"n02/b.JPEG", "n02/a.png", "n01/x.jpg", "n01/deep/y.jpeg", "n10/z.PNG"} {
		save(t, filepath.Join(root, p), px)
	}
	writeFile(t, filepath.Join(root, "n01", "notes.txt"), []byte("not an image"))
	writeFile(t, filepath.Join(root, "n01", ".hidden.png"), []byte("ignored"))
	save(t, filepath.Join(root, ".cache", "c.png"), px)
	writeFile(t, filepath.Join(root, "LOC_synset_mapping.txt"), []byte("a file at the root is no class"))

	f, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Classes, []string{"n01", "n02", "n10"}) {
		t.Fatalf("classes %v", f.Classes)
	}
	var rel []string
	for _, p := range f.Files {
		r, _ := filepath.Rel(root, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	wantFiles := []string{"n01/deep/y.jpeg", "n01/x.jpg", "n02/a.png", "n02/b.JPEG", "n10/z.PNG"}
	if !slices.Equal(rel, wantFiles) || !slices.Equal(f.Labels, []int32{0, 0, 1, 1, 2}) {
		t.Fatalf("files %v labels %v", rel, f.Labels)
	}
	if f.Len() != 5 || f.NumClasses() != 3 {
		t.Errorf("%v", f)
	}
}

func TestOpenErrors(t *testing.T) {
	flat := t.TempDir()
	writeFile(t, filepath.Join(flat, "ILSVRC2012_val_00000001.JPEG"), []byte{0})
	if _, err := Open(flat); err == nil || !strings.Contains(err.Error(), "no class sub-folders") {
		t.Errorf("flat folder: %v", err)
	}
	root := smallTree(t, []string{"n01"}, 1)
	empty := filepath.Join(root, "n02")
	os.MkdirAll(filepath.Join(empty, "sub"), 0o755)
	writeFile(t, filepath.Join(empty, "readme.txt"), []byte("x"))
	if _, err := Open(root); err == nil || !strings.Contains(err.Error(), empty+": class folder holds no") {
		t.Errorf("empty class: %v", err)
	}
	missing := filepath.Join(flat, "nope")
	if _, err := Open(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing root: %v", err)
	}
}
