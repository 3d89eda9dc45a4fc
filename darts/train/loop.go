package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/backends"
)

// ErrInterrupted is returned when Options.Stop closes: a checkpoint was written and the run can
// be resumed. It is run.ErrInterrupted, the one value every training loop returns.
var ErrInterrupted = run.ErrInterrupted

// Options control a training run.
type Options struct {
	Resume   bool            // continue from the run directory's checkpoint
	Progress io.Writer       // progress through run.Progress: a bar on a terminal, lines otherwise (nil: quiet)
	Stop     <-chan struct{} // closing it checkpoints and stops with ErrInterrupted
	OnEpoch  func(EpochRecord)

	stopAfterSteps int // tests: simulate an interruption after this many steps of this call
}

// EpochRecord is one line of metrics.jsonl. Epoch counts from 0; the file numbers it from the
// run's epoch base (run.EpochBase).
type EpochRecord struct {
	Epoch     int     `json:"epoch"`
	Steps     int     `json:"steps"`
	LR        float64 `json:"lr"`
	DropPath  float64 `json:"drop_path"`
	TrainLoss float64 `json:"train_loss"` // includes the auxiliary term
	TrainAcc  float64 `json:"train_acc"`
	TestLoss  float64 `json:"test_loss"`
	TestAcc   float64 `json:"test_acc"`
	Seconds   float64 `json:"seconds"`
}

// checkpointState is everything besides the variables needed to continue exactly.
type checkpointState struct {
	Config    Config
	Epoch     int // epoch in progress
	Step      int // steps done in it
	Train     json.RawMessage
	Loss      float64 // sums over the epoch so far
	Correct   float64
	Seen      float64
	StartedAt float64 // seconds already spent in the epoch
}

// Run trains cfg.Net on data, writing config.json, metrics.jsonl (one EpochRecord per epoch)
// and a checkpoint after every epoch (and on interrupt) into dir. It returns the Trainer, whose
// context holds the final weights.
func Run(b backends.Backend, cfg Config, data Data, dir *run.Dir, opts Options) (*Trainer, error) {
	t, err := NewTrainer(b, cfg)
	if err != nil {
		return nil, err
	}
	st := checkpointState{Config: cfg}
	load := func() (int, error) {
		if err := checkpoint.Load(dir.File(run.CheckpointFile), t.Ctx, &st); err != nil {
			return 0, err
		}
		if err := data.Train.RestoreState(st.Train); err != nil {
			return 0, fmt.Errorf("train: resuming the training batches: %w", err)
		}
		return st.Epoch, nil
	}
	base, err := dir.Begin(opts.Resume, cfg, load, run.MetricsFile)
	if err != nil {
		return nil, err
	}
	steps := cfg.StepsPerEpoch
	if steps <= 0 {
		steps = data.Train.BatchesPerEpoch()
	}
	l := &loop{t: t, cfg: cfg, data: data, dir: dir, base: base, opts: opts, batch: data.Train.NewBatch(), st: &st}
	l.epochs = run.Loop{Epochs: cfg.Epochs, Steps: steps, Progress: opts.Progress, Stop: opts.Stop,
		StopAfterSteps: opts.stopAfterSteps, StartEpoch: l.startEpoch, Step: l.step, EndEpoch: l.endEpoch, Interrupt: l.interrupt}
	return t, l.epochs.Run(run.Position{Epoch: st.Epoch, Step: st.Step, Seconds: st.StartedAt})
}

// loop is what the epochs of a Run share: run.Loop runs them, its hooks are the methods below.
type loop struct {
	t        *Trainer
	cfg      Config
	data     Data
	dir      *run.Dir
	base     int // the number the run's files give its first epoch (run.EpochBase, 0 in older runs)
	opts     Options
	batch    *dataset.Batch
	epochs   run.Loop
	st       *checkpointState // the sums of the epoch in progress; its position is set when saved
	lr, drop float64          // the epoch's
}

func (l *loop) startEpoch(pos run.Position) error {
	l.lr, l.drop = l.cfg.EpochLR(pos.Epoch), l.cfg.EpochDropPath(pos.Epoch)
	return nil
}

func (l *loop) step(pos run.Position) (float64, error) {
	if ok, err := l.nextTrain(); err != nil {
		return 0, fmt.Errorf("train: %s: %w", l.epochs.At(pos), err)
	} else if !ok {
		return 0, errors.New("train: the training data yields no batch")
	}
	x, y := batchTensors(l.batch)
	r, err := l.t.Step(x, y, l.lr, l.drop)
	if err != nil {
		return 0, fmt.Errorf("train: %s: %w", l.epochs.At(pos), err)
	}
	if !finite(r.Loss) {
		return 0, fmt.Errorf("train: %s: loss is %g; stopped, the last good checkpoint is %s",
			l.epochs.At(pos), r.Loss, l.dir.File(run.CheckpointFile))
	}
	l.st.Loss += r.Loss
	l.st.Correct += r.Correct
	l.st.Seen += float64(l.batch.Size)
	return r.Loss, nil
}

// nextTrain fills l.batch, going on into the next epoch of the data when one ends.
func (l *loop) nextTrain() (bool, error) {
	ok, err := l.data.Train.Next(l.batch)
	if err != nil || ok {
		return ok, err
	}
	return l.data.Train.Next(l.batch)
}

// interrupt saves the epoch in progress at pos.
func (l *loop) interrupt(pos run.Position) error {
	l.st.Epoch, l.st.Step, l.st.StartedAt = pos.Epoch, pos.Step, pos.Seconds
	return l.checkpoint(l.st)
}

func (l *loop) endEpoch(pos run.Position) error {
	st := l.st
	testLoss, testAcc, err := l.test()
	if err != nil {
		return err
	}
	rec := EpochRecord{Epoch: pos.Epoch, Steps: pos.Step, LR: l.lr, DropPath: l.drop,
		TrainLoss: st.Loss / float64(pos.Step), TrainAcc: st.Correct / st.Seen,
		TestLoss: testLoss, TestAcc: testAcc, Seconds: pos.Seconds}
	if err := run.AppendEpoch(l.dir, run.MetricsFile, l.base, rec); err != nil {
		return err
	}
	*st = checkpointState{Config: st.Config, Epoch: pos.Epoch + 1}
	if err := l.checkpoint(st); err != nil {
		return err
	}
	if l.opts.OnEpoch != nil {
		l.opts.OnEpoch(rec)
	}
	return nil
}

func (l *loop) checkpoint(st *checkpointState) error {
	raw, err := l.data.Train.SaveState()
	if err != nil {
		return err
	}
	st.Train = raw
	return checkpoint.Save(l.dir.File(run.CheckpointFile), l.t.Ctx, st)
}

// test evaluates the network in inference mode on the test set (at most EvalBatches batches).
func (l *loop) test() (loss, acc float64, err error) {
	src, err := l.data.Test()
	if err != nil {
		return 0, 0, err
	}
	b := src.NewBatch()
	var correct, seen, weighted float64
	for i := 0; l.cfg.EvalBatches <= 0 || i < l.cfg.EvalBatches; i++ {
		ok, err := src.Next(b)
		if err != nil {
			return 0, 0, fmt.Errorf("train: testing: %w", err)
		}
		if !ok {
			break
		}
		x, y := batchTensors(b)
		bl, bc, err := l.t.Evaluate(x, y)
		if err != nil {
			return 0, 0, fmt.Errorf("train: testing: %w", err)
		}
		weighted += bl * float64(b.Size)
		correct += bc
		seen += float64(b.Size)
	}
	if seen == 0 {
		return math.NaN(), math.NaN(), nil
	}
	return weighted / seen, correct / seen, nil
}

// EpochField gives run.AppendEpoch and run.ReadEpochFile the record's epoch.
func (r *EpochRecord) EpochField() *int { return &r.Epoch }
