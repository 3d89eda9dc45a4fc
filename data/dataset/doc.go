// Package dataset holds what the image datasets of godarts share: an in-memory image set, the
// DARTS search split and a resumable Batcher.
//
// # Images
//
// Images keeps a whole data set in memory as one float32 slice in NHWC order ([N,H,W,C]),
// already normalised per channel as (x/255 - mean)/std, with int32 labels. Readers (cifar10,
// mnist) decode their files into bytes and call FromBytes, which converts through a 256-entry
// lookup table per channel so that loading costs one table read per pixel and no allocation
// besides the result.
//
// # The search split
//
// DARTS searches on the training set only: half of it trains the network weights w and the
// other half (the "validation" half) trains the architecture α. SearchSplit draws that split
// from a seeded permutation; see its comment for how it relates to the reference code.
//
// # Batches
//
// A Batcher yields fixed-size batches (the last partial batch of an epoch is dropped unless
// Config.KeepPartial is set, because every distinct batch shape costs GoMLX a new JIT
// compilation), reshuffles each epoch from the seed, and optionally augments CIFAR images as the
// reference does (4-pixel zero-padding + random 32×32 crop, horizontal flip, cutout). Its State
// is a handful of plain numbers; restoring it continues with exactly the batches that would have
// followed, so a checkpointed search resumes bit for bit. NextCyclic never ends and is meant for
// the validation stream of the architecture step, which runs alongside the training epochs.
package dataset
