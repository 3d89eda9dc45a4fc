package tinynet_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/tinynet"
	"github.com/dartsml/godarts/data/mnist"
)

// Train the tiny network for 100 steps on MNIST and evaluate it on 2,000 test images. The
// notebook 00_backend.ipynb does the same with ModeConfig(DARTS_MODE) and the full test set.
func Example() {
	train, test, err := mnist.Load("")
	if err != nil {
		log.Fatal(err)
	}
	b, err := backend.NewCPU("")
	if err != nil {
		log.Fatal(err)
	}
	cfg := tinynet.DefaultTrainConfig()
	cfg.Steps = 100
	tr, err := tinynet.NewTrainer(b, tinynet.DefaultNet(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	batches, err := cfg.NewBatcher(train)
	if err != nil {
		log.Fatal(err)
	}
	history, err := tr.Train(batches)
	if err != nil {
		log.Fatal(err)
	}
	firstLoss, _ := history.Tail(100)
	lastLoss, _ := history.Tail(10)
	eval, err := tr.Evaluate(test.Subset("mnist/test[:2000]", firstN(2000)), 500)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("parameters:", tr.NumParams())
	fmt.Println("steps recorded:", history.Len())
	fmt.Println("last 10 steps below the average loss:", lastLoss < firstLoss)
	fmt.Println("test images:", eval.Images, "accuracy above 80%:", eval.Accuracy > 0.8)
	// Output:
	// parameters: 24058
	// steps recorded: 100
	// last 10 steps below the average loss: true
	// test images: 2000 accuracy above 80%: true
}

// A notebook cell that trains saves the Run; the cells after it load it back.
func ExampleLoadRun() {
	run := &tinynet.Run{Mode: "quick", Test: tinynet.Eval{Images: 10000, Loss: 0.0931, Accuracy: 0.9712}}
	dir, err := os.MkdirTemp("", "tinynet")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run.json")
	if err := run.Save(path); err != nil {
		log.Fatal(err)
	}
	back, err := tinynet.LoadRun(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Mode, back.Test)
	// Output: quick accuracy 97.12% (9712/10000), loss 0.0931
}

func firstN(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
