package imagefolder

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dartsml/godarts/data/dataset"
)

// Fit is how an image is brought to the target size.
type Fit int

const (
	// CenterCrop scales the largest centred crop with the target aspect ratio (no distortion).
	CenterCrop Fit = iota
	// Stretch scales the whole image, distorting it when the aspect ratios differ.
	Stretch
)

// Options configures Load.
type Options struct {
	// Height and Width are the size of every output image (required).
	Height, Width int
	// Gray produces one luma channel instead of RGB.
	Gray bool
	// Fit chooses between centre-cropping (default) and stretching.
	Fit Fit
	// Norm normalises the pixels; the zero value means dataset.Identity (x/255). Pass
	// statistics of your own training set to standardise it.
	Norm dataset.Norm
	// SkipBad leaves out files that fail to decode, listing them in Result.Skipped; by default
	// the first such file (in load order) fails the whole load.
	SkipBad bool
	// Workers is the number of decoding goroutines; 0 means GOMAXPROCS.
	Workers int
}

// Skip records a file left out under Options.SkipBad.
type Skip struct {
	Path string
	Err  error
}

// Result is a loaded folder.
type Result struct {
	Images  *dataset.Images
	Classes []string // Classes[label] is the folder name
	Files   []string // Files[i] is the path image i was read from
	Skipped []Skip
}

// Load reads every image under root's class folders; see the package comment for the layout.
func Load(root string, opt Options) (*Result, error) {
	if opt.Height <= 0 || opt.Width <= 0 {
		return nil, fmt.Errorf("imagefolder: output size %dx%d must be positive", opt.Height, opt.Width)
	}
	c := 3
	if opt.Gray {
		c = 1
	}
	norm := opt.Norm
	if norm.Mean == nil && norm.Std == nil {
		norm = dataset.Identity
	}
	classes, paths, labels, err := Scan(root)
	if err != nil {
		return nil, err
	}

	size := opt.Height * opt.Width * c
	raw := make([]byte, len(paths)*size)
	errs := make([]error, len(paths))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Workers take the next index from a shared counter and write straight into their slot of
	// raw, so the output order is the scan order whatever the scheduling.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(paths)) {
		wg.Go(func() {
			dec := newDecoder(opt.Height, opt.Width, c, opt.Fit)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(paths) {
					return
				}
				errs[i] = dec.decode(paths[i], raw[i*size:(i+1)*size])
			}
		})
	}
	wg.Wait()

	res := &Result{Classes: classes}
	keep := 0
	for i, err := range errs {
		if err != nil {
			if !opt.SkipBad {
				return nil, fmt.Errorf("imagefolder: %s: %w", paths[i], err)
			}
			res.Skipped = append(res.Skipped, Skip{Path: paths[i], Err: err})
			continue
		}
		// Compact in place: later images move down over skipped slots.
		copy(raw[keep*size:(keep+1)*size], raw[i*size:(i+1)*size])
		labels[keep] = labels[i]
		res.Files = append(res.Files, paths[i])
		keep++
	}
	if keep == 0 {
		return nil, fmt.Errorf("imagefolder: %s: none of the %d image files could be decoded (first: %s: %v)",
			root, len(paths), res.Skipped[0].Path, res.Skipped[0].Err)
	}
	res.Images, err = dataset.FromBytes("imagefolder:"+root, raw[:keep*size], labels[:keep],
		opt.Height, opt.Width, c, len(classes), dataset.HWC, norm)
	if err != nil {
		return nil, err
	}
	return res, nil
}
