// Package data holds the datasets used by DARTS experiments, one sub-package each:
//
//   - dataset: what they share — in-memory normalised NHWC image sets, the DARTS search split,
//     and a resumable, seeded Batcher with the CIFAR augmentations;
//   - fetch: where data sets live ($DARTS_DATA, ../shared/data, the user cache) and their
//     verified, resumable downloads (official URLs or $DARTS_DATA_MIRROR), with progress;
//   - cifar10: the CIFAR-10 binary release (folder or tarball) and its download;
//   - mnist: IDX files, MNIST and Fashion-MNIST (downloaded, or from the GoMNIST module / Debian);
//   - imagefolder: custom data sets stored as one sub-folder of PNG/JPEG files per class;
//   - imagenet: ImageNet-style folders streamed in batches with the paper's transforms
//     (random-resized crop, flip, colour jitter; resize and centre crop for evaluation);
//   - text: Penn Treebank and WikiText-2 (vocabulary, batchified streams, BPTT windows).
//
// Each of cifar10, mnist and text has Find (never downloads: an error listing every place
// tried), Download (the verified official files into a data root) and Ensure (Find, else
// Download into fetch.Root() after saying so), which the command line and the notebooks use.
package data
