// Package imagenet streams an ImageNet-style image folder in batches, for training and evaluating
// a network in the ImageNet (mobile) setting of the DARTS paper, without holding the data set in
// memory.
//
// # Layout
//
// Open lists a folder laid out as torchvision's ImageFolder expects, the usual form of the
// ILSVRC-2012 train/ and val/ sets:
//
//	train/
//	  n01440764/  n01440764_10026.JPEG  …
//	  n01443537/  …
//
// Class names are the sub-folders in sorted order and label i is the i-th of them; images are
// the .JPEG, .jpg and .png files (any case) found recursively in a class folder. Only the file
// list is kept; pixels are read when a batch needs them.
//
// # Transforms
//
// The pipelines are those of the DARTS reference (train_imagenet.py, torchvision on PIL images):
//
//   - training, TrainTransform(224): RandomResizedCrop(224) with area share in [0.08, 1] and
//     aspect ratio in [3/4, 4/3] (ten tries, then a centre crop clamped to that ratio range),
//     a random horizontal flip, ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4,
//     hue 0.2) with its four adjustments in a random order, then normalisation with the
//     ImageNet mean and standard deviation;
//   - evaluation, EvalTransform(224, 256): resize the shorter side to 256, keep the centre
//     224×224, normalise.
//
// Resizing is PIL's antialiased bilinear filter. The arithmetic stays in float32 where PIL
// rounds to bytes after each step, and JPEG decoding is Go's, whose chroma upsampling differs
// slightly from libjpeg's, so pixel values can differ from the reference's by a grey level or
// two; the random draws follow the same distributions but not PyTorch's generator.
//
// # Batches
//
// A Batcher yields fixed-size batches as dataset.Batch values (NHWC float32 images, int32
// labels), reshuffled every epoch from the seed. A pool of goroutines decodes each batch, and
// the next batch is decoded while the caller trains on the current one. Each image's random
// transformation is drawn from a generator keyed by (seed, epoch, position in the epoch), so the
// batches are bit for bit the same for any number of workers, and a Batcher's State, a handful
// of numbers, resumes exactly mid-epoch.
//
// A file that cannot be decoded makes Next fail with an error naming it and what was expected,
// unless Config.SkipBad is set: then its slot is filled by the next decodable image of the
// epoch and the file is listed by Skipped.
package imagenet
