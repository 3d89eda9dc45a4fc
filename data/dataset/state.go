package dataset

import "fmt"

// State is where a Batcher stands, as plain numbers that encoding/json (or any checkpoint
// format) stores exactly. Restoring it into a Batcher built with the same Config over the same
// Images continues with exactly the batches the saved one would have produced.
type State struct {
	Seed      uint64 `json:"seed"`
	Epoch     int    `json:"epoch"`
	Pos       int    `json:"pos"` // images of the current epoch already yielded
	RNG       uint64 `json:"rng"` // augmentation stream (RNG.State)
	N         int    `json:"n"`   // dataset size, checked on restore
	BatchSize int    `json:"batch_size"`
}

// State returns the Batcher's current position.
func (b *Batcher) State() State {
	return State{
		Seed: b.cfg.Seed, Epoch: b.epoch, Pos: b.pos, RNG: b.rng.State,
		N: b.ds.Len(), BatchSize: b.cfg.BatchSize,
	}
}

// Restore moves the Batcher to s. The seed in s replaces Config.Seed, since it is what the
// saved epochs were shuffled with; a different data set size or batch size is an error because
// the batches could not line up.
func (b *Batcher) Restore(s State) error {
	switch {
	case s.N != b.ds.Len():
		return fmt.Errorf("dataset: %s: restore: state is for %d images, data set has %d", b.ds.Name, s.N, b.ds.Len())
	case s.BatchSize != b.cfg.BatchSize:
		return fmt.Errorf("dataset: %s: restore: state is for batch size %d, batcher has %d", b.ds.Name, s.BatchSize, b.cfg.BatchSize)
	case s.Epoch < 0 || s.Pos < 0 || s.Pos > s.N:
		return fmt.Errorf("dataset: %s: restore: bad position epoch %d, image %d of %d", b.ds.Name, s.Epoch, s.Pos, s.N)
	}
	b.cfg.Seed = s.Seed
	b.epoch, b.pos = s.Epoch, s.Pos
	b.rng = RNG{State: s.RNG}
	b.permEpoch = -1
	return nil
}
