// Package imagefolder loads a labelled image data set laid out as one sub-folder per class:
//
//	root/
//	  cat/  0001.png  0002.jpg  more/0003.jpeg …
//	  dog/  …
//
// The class names are the sub-folder names in sorted order, and label i is the i-th of them
// (as torchvision's ImageFolder does). Each class folder is walked recursively; files ending in
// .png, .jpg or .jpeg (any case) are images, everything else and every hidden entry is ignored.
//
// Every image is brought to one fixed size: by default the largest centred crop with the target
// aspect ratio is scaled to Height×Width (Catmull-Rom, which antialiases when shrinking), the
// usual "resize the short side, then centre-crop"; Fit: Stretch scales the whole image instead.
// Transparent pixels become black (the images are composited onto black). The result is a
// dataset.Images, ready for dataset.SearchSplit and dataset.NewBatcher.
//
// A file that cannot be decoded fails the load with an error naming it, unless Options.SkipBad
// is set, in which case it is left out and listed in Result.Skipped.
package imagefolder
