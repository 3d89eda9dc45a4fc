package tinynet

import (
	"errors"
	"fmt"
	"time"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Trainer trains one Net: it owns the context (weights, batch-norm statistics, momentum buffers),
// the compiled training-step and evaluation graphs, and the History of the steps run so far.
type Trainer struct {
	Net     Net
	Config  TrainConfig
	Backend backends.Backend
	Ctx     *context.Context
	History History

	step, eval *context.Exec
	input      [3]int // height, width, channels of the images seen first; zero before
	trainTime  time.Duration
}

// NewTrainer checks the settings and creates the context and graphs; the variables are created
// (seeded by cfg.Seed) when the first batch runs, once the image shape is known.
func NewTrainer(backend backends.Backend, net Net, cfg TrainConfig) (*Trainer, error) {
	if backend == nil {
		return nil, errors.New("tinynet: nil backend (use backend.NewBackend)")
	}
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	// Unchecked: the step and evaluation graphs both build the network on the same variables.
	ctx := context.New().Checked(false)
	ctx.SetParam(initializers.ParamInitialSeed, cfg.Seed)
	t := &Trainer{Net: net, Config: cfg, Backend: backend, Ctx: ctx}
	var err error
	if t.step, err = context.NewExec(backend, ctx, t.buildStep); err != nil {
		return nil, err
	}
	if t.eval, err = context.NewExec(backend, ctx, t.buildEval); err != nil {
		return nil, err
	}
	return t, nil
}

// buildStep is one SGD step on a batch: it returns the batch's loss and number of correct
// predictions at the weights before the update, and sets the updated weights and momentum buffers.
func (t *Trainer) buildStep(ctx *context.Context, x, y, lr *graph.Node) []*graph.Node {
	ctx.SetTraining(x.Graph(), true)
	logits := t.Net.Forward(ctx, x)
	loss := nn.CrossEntropy(logits, y, 0)
	// Listed after the forward pass, which creates the variables on the first build.
	vars := trainableVariables(ctx)
	params := make([]*graph.Node, len(vars))
	for i, v := range vars {
		params[i] = v.ValueGraph(x.Graph())
	}
	grads := graph.Gradient(loss, params...)
	if t.Config.GradClip > 0 {
		grads, _ = optim.ClipByGlobalNorm(grads, t.Config.GradClip)
	}
	t.Config.optimizer().Update(ctx, vars, grads, lr)
	return []*graph.Node{loss, nn.NumCorrect(logits, y)}
}

// buildEval returns the mean loss and the number of correct predictions, in inference mode
// (batch norms use their running statistics).
func (t *Trainer) buildEval(ctx *context.Context, x, y *graph.Node) []*graph.Node {
	logits := t.Net.Forward(ctx, x)
	return []*graph.Node{nn.CrossEntropy(logits, y, 0), nn.NumCorrect(logits, y)}
}

// trainableVariables lists the network's weights in the context's stable order; optimiser state
// and batch-norm running statistics are not trainable.
func trainableVariables(ctx *context.Context) []*context.Variable {
	var vars []*context.Variable
	for v := range ctx.IterVariables() {
		if v.Trainable {
			vars = append(vars, v)
		}
	}
	return vars
}

// NumParams counts the elements of the trainable variables; 0 before the first batch has run.
func (t *Trainer) NumParams() int {
	n := 0
	for _, v := range trainableVariables(t.Ctx) {
		n += v.Shape().Size()
	}
	return n
}

// Step runs one SGD step on batch, records it in History and returns its loss and accuracy.
func (t *Trainer) Step(batch *dataset.Batch) (loss, accuracy float64, err error) {
	x, y, err := t.tensors(batch)
	if err != nil {
		return 0, 0, err
	}
	step := t.History.Len()
	lr := t.Config.LRAt(step)
	outs, err := t.step.Exec(x, y, tensors.FromScalar(float32(lr)))
	if err != nil {
		return 0, 0, fmt.Errorf("tinynet: step %d: %w", step, err)
	}
	loss, accuracy = darts.Scalar(outs[0]), darts.Scalar(outs[1])/float64(batch.Size)
	t.History.Add(step, loss, accuracy, lr)
	return loss, accuracy, nil
}

// Train runs the steps left until Config.Steps (all of them on a new Trainer), drawing batches
// from batches, which wraps around epochs. It returns the History of every step so far.
func (t *Trainer) Train(batches *dataset.Batcher) (*History, error) {
	if batches == nil {
		return nil, errors.New("tinynet: Train: nil Batcher")
	}
	if ds := batches.Dataset(); ds.NumClasses > t.Net.NumClasses {
		return nil, fmt.Errorf("tinynet: %s has %d classes but the network has %d outputs", ds.Name, ds.NumClasses, t.Net.NumClasses)
	}
	start := time.Now()
	defer func() { t.trainTime += time.Since(start) }()
	batch := batches.NewBatch()
	// One epoch of Config.Steps steps in run.Loop, continuing after the steps already run: no
	// checkpoint to write or resume from, a progress line of its own (logProgress).
	steps := run.Loop{Epochs: 1, Steps: t.Config.Steps, Step: func(run.Position) (float64, error) {
		batches.NextCyclic(batch)
		loss, _, err := t.Step(batch)
		if err == nil {
			t.logProgress(start)
		}
		return loss, err
	}}
	return &t.History, steps.Run(run.Position{Step: t.History.Len()})
}

// logProgress writes a line every LogEvery steps and after the last, averaging the steps since
// the previous line.
func (t *Trainer) logProgress(start time.Time) {
	n, every := t.History.Len(), t.Config.LogEvery
	if t.Config.Log == nil || every == 0 || (n%every != 0 && n != t.Config.Steps) {
		return
	}
	window := n % every
	if window == 0 {
		window = every
	}
	loss, acc := t.History.Tail(window)
	fmt.Fprintf(t.Config.Log, "step %5d/%d  loss %.4f  accuracy %5.1f%%  lr %.4f  (%.1fs)\n",
		n, t.Config.Steps, loss, 100*acc, t.History.LR[n-1], time.Since(start).Seconds())
}

// TrainTime is the wall time spent in Train, graph compilation included.
func (t *Trainer) TrainTime() time.Duration { return t.trainTime }

// Evaluate runs the network in inference mode over every image of ds, batchSize at a time (the
// last batch may be smaller, which compiles the graph once more).
func (t *Trainer) Evaluate(ds *dataset.Images, batchSize int) (Eval, error) {
	if ds == nil || ds.Len() == 0 {
		return Eval{}, errors.New("tinynet: Evaluate: no images")
	}
	batches, err := dataset.NewBatcher(ds, dataset.Config{BatchSize: min(batchSize, ds.Len()), KeepPartial: true})
	if err != nil {
		return Eval{}, fmt.Errorf("tinynet: Evaluate: %w", err)
	}
	var lossSum, correct float64
	for batch := range batches.All() {
		x, y, err := t.tensors(batch)
		if err != nil {
			return Eval{}, err
		}
		outs, err := t.eval.Exec(x, y)
		if err != nil {
			return Eval{}, fmt.Errorf("tinynet: Evaluate %s: %w", ds.Name, err)
		}
		lossSum += darts.Scalar(outs[0]) * float64(batch.Size)
		correct += darts.Scalar(outs[1])
	}
	n := float64(ds.Len())
	return Eval{Images: ds.Len(), Loss: lossSum / n, Accuracy: correct / n}, nil
}

// Run summarises the training so far and a test result for saving (see Run).
func (t *Trainer) Run(test Eval) *Run {
	return &Run{
		Backend: t.Backend.String(), Mode: t.Config.Mode, Config: t.Config, NumParams: t.NumParams(),
		TrainSeconds: t.trainTime.Seconds(), History: t.History, Test: test,
	}
}

// tensors converts a batch, checking that its images fit the network and match earlier batches
// (the variables' shapes are fixed by the first) and that its labels have logits.
func (t *Trainer) tensors(b *dataset.Batch) (x, y *tensors.Tensor, err error) {
	shape := [3]int{b.Height, b.Width, b.Channels}
	if t.input == [3]int{} {
		if err := t.Net.CheckInput(b.Height, b.Width, b.Channels); err != nil {
			return nil, nil, err
		}
		t.input = shape
	} else if shape != t.input {
		return nil, nil, fmt.Errorf("tinynet: batch of %dx%dx%d images, but the network was built for %dx%dx%d",
			b.Height, b.Width, b.Channels, t.input[0], t.input[1], t.input[2])
	}
	for i, l := range b.Labels[:b.Size] {
		if l < 0 || int(l) >= t.Net.NumClasses {
			return nil, nil, fmt.Errorf("tinynet: label %d of image %d outside [0,%d)", l, b.Index[i], t.Net.NumClasses)
		}
	}
	x = tensors.FromFlatDataAndDimensions(b.Images[:b.Size*b.Height*b.Width*b.Channels], b.Size, b.Height, b.Width, b.Channels)
	y = tensors.FromFlatDataAndDimensions(b.Labels[:b.Size], b.Size)
	return x, y, nil
}
