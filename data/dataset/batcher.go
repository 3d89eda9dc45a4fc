package dataset

import (
	"fmt"
	"iter"
)

// Config describes how a Batcher walks an Images.
type Config struct {
	// BatchSize is the number of images per batch (64 in the DARTS search).
	BatchSize int
	// Seed fixes the per-epoch shuffles and the augmentation stream.
	Seed uint64
	// Shuffle visits the images in a fresh random order every epoch; false keeps file order
	// (test sets).
	Shuffle bool
	// Augment is applied to every image of every batch; the zero value copies images as stored.
	Augment Augment
	// KeepPartial also yields the last, smaller batch of an epoch. It is off by default because
	// every new batch shape makes GoMLX compile another graph; the reference's PyTorch loaders do
	// keep it (drop_last=False), which matters only for evaluating every test image.
	KeepPartial bool
}

// Batch is one batch, written in place by Batcher.Next so that a loop allocates nothing.
type Batch struct {
	// Images holds Size images in NHWC order: [Size, Height, Width, Channels].
	Images                        []float32
	Labels                        []int32
	Size, Height, Width, Channels int
	// Epoch and Step locate the batch: Step is its index within the epoch.
	Epoch, Step int
	// Index[i] is the position in the Images set that row i came from.
	Index []int
}

// Batcher yields batches from an Images set, epoch after epoch. It is not safe for concurrent
// use; give each goroutine its own.
type Batcher struct {
	ds  *Images
	cfg Config
	aug *augmenter

	epoch, pos int
	rng        RNG   // augmentation stream, continues across epochs
	perm       []int // visiting order of the current epoch
	permEpoch  int   // epoch perm was drawn for; -1 when none yet
}

// NewBatcher checks cfg against ds and returns a Batcher at the start of epoch 0.
func NewBatcher(ds *Images, cfg Config) (*Batcher, error) {
	if cfg.BatchSize <= 0 {
		return nil, fmt.Errorf("dataset: %s: batch size %d must be positive", ds.Name, cfg.BatchSize)
	}
	if cfg.BatchSize > ds.Len() {
		return nil, fmt.Errorf("dataset: %s: batch size %d larger than the %d images", ds.Name, cfg.BatchSize, ds.Len())
	}
	if err := cfg.Augment.check(ds.Height, ds.Width); err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", ds.Name, err)
	}
	b := &Batcher{ds: ds, cfg: cfg, perm: make([]int, ds.Len()), permEpoch: -1}
	if !cfg.Augment.None() {
		b.aug = newAugmenter(cfg.Augment, ds.Height, ds.Width, ds.Channels, ds.PadValue())
	}
	b.rng = NewRNG(derive(cfg.Seed, 0xa06, 0))
	return b, nil
}

// Dataset returns the images the Batcher reads.
func (b *Batcher) Dataset() *Images { return b.ds }

// Epoch is the number of the epoch the next batch comes from.
func (b *Batcher) Epoch() int { return b.epoch }

// BatchesPerEpoch is how many batches Next yields before reporting the end of an epoch.
func (b *Batcher) BatchesPerEpoch() int {
	n := b.ds.Len() / b.cfg.BatchSize
	if b.cfg.KeepPartial && b.ds.Len()%b.cfg.BatchSize != 0 {
		n++
	}
	return n
}

// NewBatch allocates a Batch big enough for this Batcher.
func (b *Batcher) NewBatch() *Batch {
	dst := &Batch{}
	b.grow(dst)
	return dst
}

func (b *Batcher) grow(dst *Batch) {
	n, s := b.cfg.BatchSize, b.ds.ImageSize()
	if cap(dst.Images) < n*s {
		dst.Images = make([]float32, n*s)
	}
	if cap(dst.Labels) < n {
		dst.Labels = make([]int32, n)
	}
	if cap(dst.Index) < n {
		dst.Index = make([]int, n)
	}
}

// Next fills dst with the next batch of the current epoch and returns true. At the end of the
// epoch it returns false, leaves dst alone and moves to the start of the next epoch, so
//
//	for b.Next(batch) { ... }
//
// runs exactly one epoch.
func (b *Batcher) Next(dst *Batch) bool {
	bs, n := b.cfg.BatchSize, b.ds.Len()
	left := n - b.pos
	if left < bs && !(b.cfg.KeepPartial && left > 0) {
		b.epoch++
		b.pos = 0
		return false
	}
	size := min(bs, left)
	b.ensurePerm()
	b.grow(dst)
	h, w, c, s := b.ds.Height, b.ds.Width, b.ds.Channels, b.ds.ImageSize()
	dst.Size, dst.Height, dst.Width, dst.Channels = size, h, w, c
	dst.Epoch, dst.Step = b.epoch, b.pos/bs
	dst.Images, dst.Labels, dst.Index = dst.Images[:size*s], dst.Labels[:size], dst.Index[:size]
	for j := 0; j < size; j++ {
		i := b.perm[b.pos+j]
		out := dst.Images[j*s : (j+1)*s]
		if b.aug != nil {
			b.aug.apply(out, b.ds.Image(i), b.cfg.Augment.draw(&b.rng, h, w))
		} else {
			copy(out, b.ds.Image(i))
		}
		dst.Labels[j] = b.ds.Labels[i]
		dst.Index[j] = i
	}
	b.pos += size
	return true
}

// NextCyclic is Next without epochs: it wraps around to the next epoch (reshuffled) and always
// fills dst. This is the persistent validation stream of the DARTS architecture step.
func (b *Batcher) NextCyclic(dst *Batch) {
	if !b.Next(dst) && !b.Next(dst) {
		// NewBatcher guarantees BatchSize <= Len, so a fresh epoch has a batch.
		panic("dataset: empty epoch after wrap-around")
	}
}

// NextFresh fills dst with the first batch of a new epoch (a fresh random order when Shuffle is
// set), so that every call draws an independent batch of distinct images, as PyTorch's
// next(iter(loader)) over a random sampler does: the DARTS reference draws its α batches this
// way. Each call moves to the next epoch (the current one when nothing of it was read yet), so a
// State saved between calls resumes the same draws.
func (b *Batcher) NextFresh(dst *Batch) {
	if b.pos > 0 {
		b.epoch++
		b.pos = 0
	}
	if !b.Next(dst) {
		// NewBatcher guarantees BatchSize <= Len, so a fresh epoch has a batch.
		panic("dataset: empty fresh epoch")
	}
}

// All ranges over the rest of the current epoch, reusing one Batch; keep nothing from it past
// the loop body.
func (b *Batcher) All() iter.Seq[*Batch] {
	return func(yield func(*Batch) bool) {
		dst := b.NewBatch()
		for b.Next(dst) {
			if !yield(dst) {
				return
			}
		}
	}
}

// Cyclic ranges over batches forever (see NextCyclic); stop it with break.
func (b *Batcher) Cyclic() iter.Seq[*Batch] {
	return func(yield func(*Batch) bool) {
		dst := b.NewBatch()
		for {
			b.NextCyclic(dst)
			if !yield(dst) {
				return
			}
		}
	}
}

// ensurePerm draws the current epoch's visiting order. Each epoch's order depends only on
// (Seed, epoch), so restoring a State needs no saved permutation.
func (b *Batcher) ensurePerm() {
	if b.permEpoch == b.epoch {
		return
	}
	if b.cfg.Shuffle {
		r := NewRNG(derive(b.cfg.Seed, 0xe90c, uint64(b.epoch)))
		r.Perm(b.perm)
	} else {
		for i := range b.perm {
			b.perm[i] = i
		}
	}
	b.permEpoch = b.epoch
}
