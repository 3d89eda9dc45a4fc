package search

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/record"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// ErrInterrupted is returned when Options.Stop closes: a checkpoint was written and the search
// can be resumed. It is run.ErrInterrupted, the one value every training loop returns.
var ErrInterrupted = run.ErrInterrupted

// Data is what a search reads: the two halves of the training set and their augmentation.
type Data struct {
	Train, Val *dataset.Images // weights are fitted on Train, α on Val
	Augment    dataset.Augment // e.g. dataset.CIFARSearch
	// Split is how Train and Val were cut from one training set: FollowReference (in file order)
	// or SplitRandom (a seeded permutation). SplitData, RunConfig.SplitData and SyntheticData set
	// it; Run and OpenStepOf refuse data whose Split is not the configuration's, so that a stored
	// config.json never claims a split its data did not get.
	Split string
}

// Options control a search run.
type Options struct {
	Resume   bool            // continue from the run directory's checkpoint
	Progress io.Writer       // progress through run.Progress: a bar on a terminal, lines otherwise (nil: quiet)
	Stop     <-chan struct{} // closing it checkpoints and stops with ErrInterrupted
	OnEpoch  func(EpochRecord, AlphaRecord)

	stopAfterSteps int // tests: simulate an interruption after this many steps of this run
}

// EpochRecord and AlphaRecord are the lines of metrics.jsonl and alphas.jsonl
// (record.SearchEpoch, record.Alphas), kept apart from GoMLX so that figures read them without
// linking it.
type (
	EpochRecord = record.SearchEpoch
	AlphaRecord = record.Alphas
)

// checkpointState is everything besides the variables needed to continue exactly.
type checkpointState struct {
	Config    RunConfig
	Epoch     int // epoch in progress
	Step      int // steps done in it
	Train     dataset.State
	Val       dataset.State
	Sums      epochSums
	StartedAt float64 // seconds already spent in the epoch
	// StartGenotype is the genotype before the epoch's first step (EpochRecord.StartGenotype).
	StartGenotype string `json:",omitempty"`
}

type epochSums struct {
	TrainLoss, TrainCorrect, ArchLoss, Seen float64
}

// Run searches: per epoch, StepsPerEpoch architect steps at the cosine learning rate, an
// evaluation on validation batches, the derived genotype and softmax(α) written to dir, and a
// checkpoint. It returns the Searcher (its context holds the final weights and α).
// With RunConfig.HessianEvery it also measures the largest eigenvalue of ∇²α L_val after those
// epochs (metrics.jsonl); with EarlyStopWindow, DARTS-ES may stop the run (early_stop.json), which
// then returns, without error, the α and genotype of the epoch the rule picks (EarlyStopRule).
func Run(backend backends.Backend, cfg RunConfig, data Data, dir *run.Dir, opts Options) (*Searcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkSplit(data); err != nil {
		return nil, err
	}
	train, val := data.Train, data.Val
	if cfg.Architect().Mode != architect.Bilevel {
		// The ablations optimise both α and w on all the data.
		union, err := concatImages(train, val)
		if err != nil {
			return nil, err
		}
		train, val = union, union
	}
	seed := uint64(cfg.Seed)
	trainBatches, err := dataset.NewBatcher(train, dataset.Config{BatchSize: cfg.BatchSize, Seed: seed, Shuffle: true, Augment: data.Augment})
	if err != nil {
		return nil, fmt.Errorf("search: training batches: %w", err)
	}
	valBatches, err := dataset.NewBatcher(val, dataset.Config{BatchSize: cfg.BatchSize, Seed: seed + 1, Shuffle: true, Augment: data.Augment})
	if err != nil {
		return nil, fmt.Errorf("search: validation batches: %w", err)
	}
	s, err := NewSearcher(backend, cfg.Net, cfg.Architect(), cfg.Seed)
	if err != nil {
		return nil, err
	}
	st := checkpointState{Config: cfg}
	load := func() (int, error) {
		st = checkpointState{} // fields a checkpoint lacks read as zero, as when it was written
		if err := checkpoint.Load(dir.File(run.CheckpointFile), s.Ctx, &st); err != nil {
			return 0, err
		}
		if err := sameConfig(st.Config, cfg); err != nil {
			return 0, err
		}
		if err := trainBatches.Restore(st.Train); err != nil {
			return 0, fmt.Errorf("search: resuming training batches: %w", err)
		}
		if err := valBatches.Restore(st.Val); err != nil {
			return 0, fmt.Errorf("search: resuming validation batches: %w", err)
		}
		return st.Epoch, nil
	}
	base, err := dir.Begin(opts.Resume, cfg, load, run.MetricsFile, run.AlphasFile)
	if err != nil {
		return nil, err
	}
	var measured []EpochRecord // the epochs that measured the eigenvalue, for early stopping
	if opts.Resume {
		if _, err := os.Stat(dir.File(EarlyStopFile)); err == nil {
			return nil, fmt.Errorf("search: %s stopped early (%s): nothing to resume", dir.Path, EarlyStopFile)
		}
		done, err := readEpochs[EpochRecord](dir.Path, run.MetricsFile)
		if err != nil && st.Epoch > 0 {
			return nil, err
		}
		measured = withEigenvalue(done)
	}
	steps := cfg.StepsPerEpoch
	if steps <= 0 {
		steps = trainBatches.BatchesPerEpoch()
	}
	l := &loop{s: s, cfg: cfg, dir: dir, base: base, opts: opts, train: trainBatches, val: valBatches, st: &st,
		tb: trainBatches.NewBatch(), vb: valBatches.NewBatch(), measured: measured}
	l.epochs = run.Loop{Epochs: cfg.Epochs, Steps: steps, Progress: opts.Progress, Stop: opts.Stop,
		StopAfterSteps: opts.stopAfterSteps, StartEpoch: l.startEpoch, Step: l.step, EndEpoch: l.endEpoch, Interrupt: l.interrupt}
	return s, l.epochs.Run(run.Position{Epoch: st.Epoch, Step: st.Step, Seconds: st.StartedAt})
}

// loop is what the epochs of a Run share: run.Loop runs them, its hooks are the methods below.
type loop struct {
	s          *Searcher
	cfg        RunConfig
	dir        *run.Dir
	base       int // the number the run's files give its first epoch (run.EpochBase, 0 in older runs)
	opts       Options
	train, val *dataset.Batcher
	tb, vb     *dataset.Batch
	epochs     run.Loop
	st         *checkpointState // the sums of the epoch in progress; its position is set when saved
	lr         float64          // the epoch's

	hessian  *AlphaGradient // built on the first epoch that measures the eigenvalue
	measured []EpochRecord  // epochs with an eigenvalue so far
}

// startEpoch sets the epoch's learning rate and, before its first step, notes the genotype it
// starts from (creating the variables first, so that α can be read).
func (l *loop) startEpoch(pos run.Position) error {
	l.lr = l.cfg.EpochLR(pos.Epoch)
	if pos.Step > 0 {
		return nil
	}
	if err := l.initialize(); err != nil {
		return err
	}
	g, err := l.genotype()
	if err != nil {
		return err
	}
	l.st.StartGenotype = g.String()
	return nil
}

func (l *loop) step(pos run.Position) (float64, error) {
	l.train.NextCyclic(l.tb)
	if l.cfg.splitReference() {
		l.val.NextFresh(l.vb)
	} else {
		l.val.NextCyclic(l.vb)
	}
	var r StepResult
	var err error
	if pos.Epoch < l.cfg.ArchWarmupEpochs { // α frozen; the α batch is still drawn, as the reference
		r, err = l.s.WeightStep(batchTensors(l.tb), batchLabels(l.tb), l.lr)
	} else {
		r, err = l.s.Step(batchTensors(l.tb), batchLabels(l.tb), batchTensors(l.vb), batchLabels(l.vb), l.lr)
	}
	if err != nil {
		return 0, fmt.Errorf("search: %s: %w", l.epochs.At(pos), err)
	}
	if math.IsNaN(r.TrainLoss) || math.IsInf(r.TrainLoss, 0) || math.IsNaN(r.ValLoss) {
		return 0, fmt.Errorf("search: %s: loss is %g (train) / %g (validation); "+
			"stopped, the last good checkpoint is %s", l.epochs.At(pos), r.TrainLoss, r.ValLoss,
			l.dir.File(run.CheckpointFile))
	}
	l.st.Sums.TrainLoss += r.TrainLoss
	l.st.Sums.TrainCorrect += r.TrainCorrect
	l.st.Sums.ArchLoss += r.ValLoss
	l.st.Sums.Seen += float64(l.cfg.BatchSize)
	return r.TrainLoss, nil
}

// interrupt saves the epoch in progress at pos.
func (l *loop) interrupt(pos run.Position) error {
	l.st.Epoch, l.st.Step, l.st.StartedAt = pos.Epoch, pos.Step, pos.Seconds
	return l.checkpoint(l.st)
}

func (l *loop) endEpoch(pos run.Position) error {
	st := l.st
	valLoss, valAcc, err := l.evaluate()
	if err != nil {
		return err
	}
	normal, reduce, err := l.s.Weights()
	if err != nil {
		return err
	}
	g, err := l.genotype()
	if err != nil {
		return err
	}
	n := float64(pos.Step)
	rec := EpochRecord{Epoch: pos.Epoch, Steps: pos.Step, LR: l.lr, TrainLoss: st.Sums.TrainLoss / n,
		TrainAcc: st.Sums.TrainCorrect / st.Sums.Seen, ArchLoss: st.Sums.ArchLoss / n,
		ValLoss: valLoss, ValAcc: valAcc, Genotype: g.String(), StartGenotype: st.StartGenotype, Seconds: pos.Seconds,
		NormalSkips: CountOps(g.Normal, "skip_connect")}
	if every := l.cfg.HessianEvery; every > 0 && (pos.Epoch+1)%every == 0 {
		start := time.Now()
		e, err := l.eigenvalue()
		if err != nil {
			return err
		}
		rec.HessianEigenvalue, rec.HessianProducts, rec.HessianSeconds = &e.Value, e.Iters, time.Since(start).Seconds()
		l.measured = append(l.measured, rec)
	}
	alphas := AlphaRecord{Epoch: pos.Epoch, Primitives: l.cfg.Net.withDefaults().Primitives, Normal: normal, Reduce: reduce}
	if alphas.EdgeNormal, alphas.EdgeReduce, err = l.s.edgeSoftmax(); err != nil {
		return err
	}
	if err := run.AppendEpoch(l.dir, run.MetricsFile, l.base, rec); err != nil {
		return err
	}
	if err := run.AppendEpoch(l.dir, run.AlphasFile, l.base, alphas); err != nil {
		return err
	}
	if err := l.dir.WriteGenotype(g); err != nil {
		return err
	}
	*st = checkpointState{Config: st.Config, Epoch: pos.Epoch + 1, StartGenotype: g.String()}
	if err := l.checkpoint(st); err != nil {
		return err
	}
	if l.opts.OnEpoch != nil {
		l.opts.OnEpoch(rec, alphas)
	}
	if l.cfg.EarlyStopWindow > 0 && rec.HessianEigenvalue != nil {
		return l.maybeStop()
	}
	return nil
}

// initialize creates and initialises the network's variables before the first step, so that α
// can be read (only the batch shape matters: zeros will do).
func (l *loop) initialize() error {
	if l.s.initialized() {
		return nil
	}
	ds := l.train.Dataset()
	n := l.cfg.BatchSize
	x := tensors.FromFlatDataAndDimensions(make([]float32, n*ds.Height*ds.Width*ds.Channels), n, ds.Height, ds.Width, ds.Channels)
	return l.s.ensureInitialized(x, tensors.FromFlatDataAndDimensions(make([]int32, n), n))
}

// genotype derives the cell of the current α.
func (l *loop) genotype() (genotype.Genotype, error) { return l.s.Genotype() }

// sameConfig refuses to resume a checkpoint with another configuration than the one that wrote
// it: a search cannot change its schedule, data split or batch-norm statistics half-way.
func sameConfig(stored, cfg RunConfig) error {
	a, errA := json.Marshal(stored)
	b, errB := json.Marshal(cfg)
	if errA != nil || errB != nil {
		return fmt.Errorf("search: comparing configurations: %v %v", errA, errB)
	}
	if string(a) != string(b) {
		return fmt.Errorf("search: the checkpoint was written by a search configured %s, not %s; resume with its configuration", a, b)
	}
	return nil
}

func (l *loop) checkpoint(st *checkpointState) error {
	st.Train, st.Val = l.train.State(), l.val.State()
	return checkpoint.Save(l.dir.File(run.CheckpointFile), l.s.Ctx, st)
}

// evaluate runs the network in inference mode on validation batches drawn in file order (so
// the same images every epoch), without touching the search's own validation stream.
func (l *loop) evaluate() (loss, acc float64, err error) {
	eval, err := dataset.NewBatcher(l.val.Dataset(), dataset.Config{BatchSize: l.cfg.BatchSize})
	if err != nil {
		return 0, 0, err
	}
	batches := eval.BatchesPerEpoch()
	if l.cfg.EvalBatches > 0 {
		batches = min(batches, l.cfg.EvalBatches)
	}
	b := eval.NewBatch()
	var correct, seen float64
	for i := 0; i < batches && eval.Next(b); i++ {
		bl, bc, err := l.s.Evaluate(batchTensors(b), batchLabels(b))
		if err != nil {
			return 0, 0, fmt.Errorf("search: evaluating: %w", err)
		}
		loss += bl
		correct += bc
		seen += float64(b.Size)
	}
	if seen == 0 {
		return math.NaN(), math.NaN(), nil
	}
	return loss / float64(batches), correct / seen, nil
}

func toFloat32(m [][]float64) [][]float32 {
	out := make([][]float32, len(m))
	for i, row := range m {
		out[i] = make([]float32, len(row))
		for j, v := range row {
			out[i][j] = float32(v)
		}
	}
	return out
}
