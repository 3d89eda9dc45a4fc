package train

import (
	"encoding/json"
	"fmt"

	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Source is a stream of batches: Next fills dst and returns true, or returns false at the end of
// an epoch (and moves to the next one). SaveState and RestoreState let a checkpoint resume it
// exactly.
type Source interface {
	NewBatch() *dataset.Batch
	Next(dst *dataset.Batch) bool
	BatchesPerEpoch() int
	SaveState() (json.RawMessage, error)
	RestoreState(json.RawMessage) error
}

// Data is what a training run reads.
type Data struct {
	Train Source
	// Test returns a fresh pass over the test set in a fixed order, used after every epoch.
	Test func() (Source, error)
}

// InMemory adapts a dataset.Batcher (an in-memory data set such as CIFAR-10) to Source.
func InMemory(b *dataset.Batcher) Source { return batcherSource{b} }

type batcherSource struct{ *dataset.Batcher }

func (s batcherSource) SaveState() (json.RawMessage, error) { return json.Marshal(s.State()) }

func (s batcherSource) RestoreState(raw json.RawMessage) error {
	var st dataset.State
	if err := json.Unmarshal(raw, &st); err != nil {
		return fmt.Errorf("train: batcher state: %w", err)
	}
	return s.Restore(st)
}

// ImagesData is the usual in-memory setup: shuffled, augmented training batches and the test set
// in file order (the last, partial batch included, so every test image counts).
func ImagesData(train, test *dataset.Images, batchSize int, seed uint64, augment dataset.Augment) (Data, error) {
	tb, err := dataset.NewBatcher(train, dataset.Config{BatchSize: batchSize, Seed: seed, Shuffle: true, Augment: augment})
	if err != nil {
		return Data{}, fmt.Errorf("train: training batches: %w", err)
	}
	testBatch := min(batchSize, test.Len())
	return Data{
		Train: InMemory(tb),
		Test: func() (Source, error) {
			b, err := dataset.NewBatcher(test, dataset.Config{BatchSize: testBatch, KeepPartial: true})
			if err != nil {
				return nil, fmt.Errorf("train: test batches: %w", err)
			}
			return InMemory(b), nil
		},
	}, nil
}

// batchTensors copies a batch into tensors [Size, H, W, C] and [Size].
func batchTensors(b *dataset.Batch) (x, y *tensors.Tensor) {
	flat := append([]float32(nil), b.Images[:b.Size*b.Height*b.Width*b.Channels]...)
	x = tensors.FromFlatDataAndDimensions(flat, b.Size, b.Height, b.Width, b.Channels)
	y = tensors.FromFlatDataAndDimensions(append([]int32(nil), b.Labels[:b.Size]...), b.Size)
	return x, y
}
