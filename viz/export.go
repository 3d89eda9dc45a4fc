package viz

import (
	"bufio"
	"bytes"

	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/dartsml/godarts/darts/run"
	"github.com/janpfeifer/gonb/gonbui"
)

// Export writes f as dir/name.png (at dpi), .svg and .pdf, all widthIn×heightIn inches, creating
// dir, and returns the paths: the three files a report needs from one figure.
func Export(f Figure, dir, name string, widthIn, heightIn float64, dpi int) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	var paths []string
	for _, ext := range []string{".png", ".svg", ".pdf"} {
		path := filepath.Join(dir, name+ext)
		if err := SaveAt(f, path, widthIn, heightIn, dpi); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// FindRuns returns the CNN search run directories under the roots (searched two levels deep):
// those holding an alphas.jsonl of normal and reduction cells (a recurrent search's has
// "recurrent" rows instead), newest first; roots that do not exist are skipped.
func FindRuns(roots ...string) []string {
	type found struct {
		dir  string
		time int64
	}
	var runs []found
	seen := map[string]bool{}
	for _, root := range roots {
		for _, pattern := range []string{"", "*", filepath.Join("*", "*")} {
			matches, _ := filepath.Glob(filepath.Join(root, pattern, run.AlphasFile))
			for _, m := range matches {
				dir := filepath.Dir(m)
				st, err := os.Stat(m)
				if err != nil || st.Size() == 0 || seen[dir] || !cnnAlphas(m) {
					continue
				}
				seen[dir] = true
				runs = append(runs, found{dir, st.ModTime().UnixNano()})
			}
		}
	}
	slices.SortStableFunc(runs, func(a, b found) int {
		switch {
		case a.time > b.time:
			return -1
		case a.time < b.time:
			return 1
		}
		return 0
	})
	dirs := make([]string, len(runs))
	for i, r := range runs {
		dirs[i] = r.dir
	}
	return dirs
}

// DisplayGIF shows an animated GIF in the running GoNB notebook, as an HTML image (nbconvert
// keeps it in the HTML copy); outside a notebook it does nothing.
func DisplayGIF(data []byte) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.DisplayHTML(`<img src="data:image/gif;base64,` + base64.StdEncoding.EncodeToString(data) + `" style="max-width:100%"/>`)
}

// cnnAlphas reports whether the first record of an alphas.jsonl holds a normal cell.
func cnnAlphas(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(f, 1<<16).ReadSlice('\n')
	if err != nil && len(line) == 0 {
		return false
	}
	return bytes.Contains(line, []byte(`"normal"`))
}
