// Package cifar10 reads the CIFAR-10 data set in its official binary form.
//
// The binary release (cifar-10-binary.tar.gz) holds cifar-10-batches-bin/data_batch_1.bin …
// data_batch_5.bin (10,000 training images each) and test_batch.bin (10,000 test images). Every
// file is a sequence of 3073-byte records:
//
//	<1 byte label 0-9><1024 bytes red><1024 bytes green><1024 bytes blue>
//
// with each 32×32 plane in row-major order. Load accepts the extracted folder, a folder that
// contains it or the tarball, or the tarball itself, read directly through archive/tar and
// compress/gzip without extracting. The result is a pair of dataset.Images normalised with the
// DARTS constants (dataset.CIFAR10Norm), in NHWC order.
//
// Download fetches the official tarball (resumably, through data/fetch), checks its MD5 and
// extracts the batch files into <root>/cifar-10-batches-bin through a temporary folder renamed
// into place, so an interrupted download never leaves a folder that looks valid. Find looks for
// a copy without downloading; Ensure downloads when Find finds none.
package cifar10
