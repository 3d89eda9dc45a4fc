// Package data holds the datasets used by DARTS experiments, one sub-package each:
//
//   - dataset: what they share — in-memory normalised NHWC image sets, the DARTS search split,
//     and a resumable, seeded Batcher with the CIFAR augmentations;
//   - cifar10: the CIFAR-10 binary release (folder or tarball) and its verified download;
//   - mnist: IDX files, MNIST (from the GoMNIST module) and Fashion-MNIST (from Debian);
//   - imagefolder: custom data sets stored as one sub-folder of PNG/JPEG files per class;
//   - imagenet: ImageNet-style folders streamed in batches with the paper's transforms
//     (random-resized crop, flip, colour jitter; resize and centre crop for evaluation);
//   - text: Penn Treebank and WikiText-2 (vocabulary, batchified streams, BPTT windows).
package data
