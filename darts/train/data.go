package train

import (
	"encoding/json"
	"fmt"

	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/imagenet"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Source is a stream of batches: Next fills dst and returns true, or returns false at the end of
// an epoch (and moves to the next one), or an error (a file that cannot be read). SaveState and
// RestoreState let a checkpoint resume it exactly.
type Source interface {
	NewBatch() *dataset.Batch
	Next(dst *dataset.Batch) (bool, error)
	BatchesPerEpoch() int
	SaveState() (json.RawMessage, error)
	RestoreState(json.RawMessage) error
}

// Data is what a training run reads.
type Data struct {
	Train Source
	// Test returns a fresh pass over the test set in a fixed order, used after every epoch.
	Test func() (Source, error)
	// NumClasses is the number of classes of the training set.
	NumClasses int
}

// InMemory adapts a dataset.Batcher (an in-memory data set such as CIFAR-10) to Source.
func InMemory(b *dataset.Batcher) Source { return batcherSource{b} }

type batcherSource struct{ *dataset.Batcher }

func (s batcherSource) Next(dst *dataset.Batch) (bool, error) { return s.Batcher.Next(dst), nil }

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
		NumClasses: train.NumClasses,
		Train:      InMemory(tb),
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

// Folder adapts an imagenet.Batcher (images decoded from a folder as they are needed) to Source.
func Folder(b *imagenet.Batcher) Source { return folderSource{b} }

type folderSource struct{ *imagenet.Batcher }

func (s folderSource) SaveState() (json.RawMessage, error) { return json.Marshal(s.State()) }

func (s folderSource) RestoreState(raw json.RawMessage) error {
	var st imagenet.State
	if err := json.Unmarshal(raw, &st); err != nil {
		return fmt.Errorf("train: image-folder batcher state: %w", err)
	}
	return s.Restore(st)
}

// FolderData streams an ImageNet-style data set: train/ with the paper's training transforms
// (random-resized crop, flip, colour jitter) and val/ resized to 256 and centre-cropped to 224
// (size and size·8/7 in general), shuffled with seed; workers decode (0: GOMAXPROCS).
func FolderData(trainDir, valDir string, size, batchSize int, seed uint64, workers int) (Data, error) {
	trainFolder, err := imagenet.Open(trainDir)
	if err != nil {
		return Data{}, err
	}
	valFolder, err := imagenet.Open(valDir)
	if err != nil {
		return Data{}, err
	}
	tb, err := imagenet.NewBatcher(trainFolder, imagenet.Config{BatchSize: batchSize, Seed: seed, Shuffle: true,
		Transform: imagenet.TrainTransform(size), Workers: workers})
	if err != nil {
		return Data{}, err
	}
	evalBatch := min(batchSize, valFolder.Len())
	return Data{
		NumClasses: trainFolder.NumClasses(),
		Train:      Folder(tb),
		Test: func() (Source, error) {
			b, err := imagenet.NewBatcher(valFolder, imagenet.Config{BatchSize: evalBatch, KeepPartial: true,
				Transform: imagenet.EvalTransform(size, size*8/7), Workers: workers})
			if err != nil {
				return nil, err
			}
			return Folder(b), nil
		},
	}, nil
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// ValidationData splits a training set in two seeded halves, as the paper's cell selection and
// random search do (the test set is kept for the final training): a Data source factory whose
// Train is the first half and whose Test is the second, the validation half.
func ValidationData(all *dataset.Images, batchSize int, seed uint64) (func() (Data, error), error) {
	trainHalf, valHalf, err := dataset.SearchSplit(all, 0.5, seed)
	if err != nil {
		return nil, err
	}
	return func() (Data, error) {
		return ImagesData(trainHalf, valHalf, batchSize, seed, dataset.CIFAREval)
	}, nil
}
