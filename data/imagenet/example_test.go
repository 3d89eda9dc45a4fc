package imagenet_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/imagenet"
)

// makeFolder writes a tiny ImageNet-style folder: two classes of three 48×40 images.
func makeFolder() string {
	root, err := os.MkdirTemp("", "imagenet-example")
	if err != nil {
		log.Fatal(err)
	}
	for c, class := range []string{"n01440764", "n01443537"} {
		for k := range 3 {
			img := image.NewNRGBA(image.Rect(0, 0, 48, 40))
			for y := range 40 {
				for x := range 48 {
					img.SetNRGBA(x, y, color.NRGBA{uint8(5 * x), uint8(6 * y), uint8(100 * c), 255})
				}
			}
			var buf bytes.Buffer
			png.Encode(&buf, img)
			dir := filepath.Join(root, class)
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s_%d.png", class, k)), buf.Bytes(), 0o644)
		}
	}
	return root
}

// Train on random crops (32×32 here, 224×224 in the DARTS setting), save the position after
// the first batch as a checkpoint would, resume from it, and evaluate on centre crops.
func Example() {
	root := makeFolder()
	defer os.RemoveAll(root)

	train, err := imagenet.Open(root)
	if err != nil {
		log.Fatal(err)
	}
	cfg := imagenet.Config{BatchSize: 2, Seed: 1, Shuffle: true, Transform: imagenet.TrainTransform(32)}
	b, err := imagenet.NewBatcher(train, cfg)
	if err != nil {
		log.Fatal(err)
	}
	var saved []byte
	fmt.Println(train.NumClasses(), "classes,", train.Len(), "images,", b.BatchesPerEpoch(), "batches an epoch")
	for batch, err := range b.All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("epoch %d step %d: %d×%d×%d×%d\n", batch.Epoch, batch.Step, batch.Size, batch.Height, batch.Width, batch.Channels)
		if batch.Step == 0 {
			saved, _ = json.Marshal(b.State())
			fmt.Println("checkpoint", string(saved))
		}
	}

	var st imagenet.State
	json.Unmarshal(saved, &st)
	resumed, _ := imagenet.NewBatcher(train, cfg)
	resumed.Restore(st)
	for batch, err := range resumed.All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("resumed: epoch %d step %d\n", batch.Epoch, batch.Step)
	}

	// Evaluation: shorter side to 37, centre 32×32 (256 and 224 in the DARTS setting).
	eval, err := imagenet.NewBatcher(train, imagenet.Config{BatchSize: 4, Transform: imagenet.EvalTransform(32, 37), KeepPartial: true})
	if err != nil {
		log.Fatal(err)
	}
	for batch, err := range eval.All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("eval labels", batch.Labels)
	}
	// Output:
	// 2 classes, 6 images, 3 batches an epoch
	// epoch 0 step 0: 2×32×32×3
	// checkpoint {"seed":1,"epoch":0,"pos":2,"n":6,"batch_size":2}
	// epoch 0 step 1: 2×32×32×3
	// epoch 0 step 2: 2×32×32×3
	// resumed: epoch 0 step 1
	// resumed: epoch 0 step 2
	// eval labels [0 0 0 1]
	// eval labels [1 1]
}
