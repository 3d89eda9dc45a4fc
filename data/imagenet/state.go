package imagenet

import "fmt"

// State is where a Batcher stands, as plain numbers that encoding/json (or any checkpoint
// format) stores exactly. Since every shuffle and every image's draws are keyed by (Seed,
// epoch, position), the position is all there is to save: restoring it into a Batcher built
// with the same Config over the same Folder continues with exactly the batches the saved one
// would have produced.
type State struct {
	Seed      uint64 `json:"seed"`
	Epoch     int    `json:"epoch"`
	Pos       int    `json:"pos"` // images of the current epoch already yielded
	N         int    `json:"n"`   // number of files, checked on restore
	BatchSize int    `json:"batch_size"`
}

// State returns the Batcher's current position. A batch being decoded ahead is not part of it:
// after a restore it is decoded again.
func (b *Batcher) State() State {
	return State{Seed: b.cfg.Seed, Epoch: b.epoch, Pos: b.pos, N: b.f.Len(), BatchSize: b.cfg.BatchSize}
}

// Restore moves the Batcher to s. The seed in s replaces Config.Seed, since it is what the
// saved epochs were drawn with; a different number of files or batch size is an error because
// the batches could not line up.
func (b *Batcher) Restore(s State) error {
	switch {
	case s.N != b.f.Len():
		return fmt.Errorf("imagenet: %s: restore: state is for %d images, folder has %d", b.f.Root, s.N, b.f.Len())
	case s.BatchSize != b.cfg.BatchSize:
		return fmt.Errorf("imagenet: %s: restore: state is for batch size %d, batcher has %d", b.f.Root, s.BatchSize, b.cfg.BatchSize)
	case s.Epoch < 0 || s.Pos < 0 || s.Pos > s.N:
		return fmt.Errorf("imagenet: %s: restore: bad position epoch %d, image %d of %d", b.f.Root, s.Epoch, s.Pos, s.N)
	}
	// The prefetched batch was drawn with the old seed and position; let it finish with its
	// buffers before anything changes under it.
	b.drop(b.pending)
	b.pending = nil
	b.cfg.Seed = s.Seed
	b.epoch, b.pos = s.Epoch, s.Pos
	b.permEpoch = -1
	return nil
}
