// Package evalnet builds the networks that train a discrete DARTS cell from scratch: the CIFAR-10
// network (stem, L cells from a genotype, auxiliary head at 2L/3, drop-path) and the ImageNet
// mobile-setting network (two stride-2 stems, 14 cells), as the paper's reference implementation
// (model.py of quark0/darts) builds them, plus their parameter and multiply-add counts.
//
// Each node of an evaluation cell sums two operations applied to the states the genotype names;
// every operation's batch norms are affine; during training every operation but the identity is
// followed by drop-path, with a probability the trainer ramps over the epochs.
package evalnet
