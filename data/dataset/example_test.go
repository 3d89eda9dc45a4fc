package dataset_test

import (
	"encoding/json"
	"fmt"

	"github.com/dartsml/godarts/data/dataset"
)

// tiny makes 100 random-looking 32×32 RGB images with labels 0-9.
func tiny() *dataset.Images {
	raw := make([]byte, 100*32*32*3)
	labels := make([]int32, 100)
	for i := range raw {
		raw[i] = byte(i * 131)
	}
	for i := range labels {
		labels[i] = int32(i % 10)
	}
	ds, err := dataset.FromBytes("tiny", raw, labels, 32, 32, 3, 10, dataset.CHW, dataset.CIFAR10Norm)
	if err != nil {
		panic(err)
	}
	return ds
}

// The DARTS search: split the training set in two, train the weights on one half with
// augmentation, and draw architecture batches from the other half forever.
func Example() {
	train := tiny()
	weights, arch, err := dataset.SearchSplit(train, 0.5, 2)
	if err != nil {
		panic(err)
	}
	wb, _ := dataset.NewBatcher(weights, dataset.Config{BatchSize: 10, Seed: 2, Shuffle: true, Augment: dataset.CIFARSearch})
	ab, _ := dataset.NewBatcher(arch, dataset.Config{BatchSize: 16, Seed: 3, Shuffle: true})
	archBatch := ab.NewBatch()
	for batch := range wb.All() {
		ab.NextCyclic(archBatch)
		fmt.Printf("step %d: weights %d×%d×%d×%d, arch batch from epoch %d\n",
			batch.Step, batch.Size, batch.Height, batch.Width, batch.Channels, archBatch.Epoch)
	}
	// Output:
	// step 0: weights 10×32×32×3, arch batch from epoch 0
	// step 1: weights 10×32×32×3, arch batch from epoch 0
	// step 2: weights 10×32×32×3, arch batch from epoch 0
	// step 3: weights 10×32×32×3, arch batch from epoch 1
	// step 4: weights 10×32×32×3, arch batch from epoch 1
}

// A checkpoint stores the Batcher's State; restoring it continues with the same batches.
func ExampleBatcher_State() {
	ds := tiny()
	cfg := dataset.Config{BatchSize: 8, Seed: 7, Shuffle: true, Augment: dataset.CIFAREval}
	b, _ := dataset.NewBatcher(ds, cfg)
	batch := b.NewBatch()
	b.Next(batch)
	b.Next(batch)
	saved, _ := json.Marshal(b.State())

	b.Next(batch)
	want := batch.Index[0]

	var st dataset.State
	json.Unmarshal(saved, &st)
	resumed, _ := dataset.NewBatcher(ds, cfg)
	resumed.Restore(st)
	resumed.Next(batch)
	fmt.Println(st.Epoch, st.Pos, batch.Index[0] == want)
	// Output: 0 16 true
}
