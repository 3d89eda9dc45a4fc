package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

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

// EpochRecord is one line of metrics.jsonl.
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
	if opts.Resume {
		if err := checkpoint.Load(dir.File(run.CheckpointFile), t.Ctx, &st); err != nil {
			return nil, err
		}
		if err := data.Train.RestoreState(st.Train); err != nil {
			return nil, fmt.Errorf("train: resuming the training batches: %w", err)
		}
		if err := dir.TruncateLines(run.MetricsFile, st.Epoch); err != nil {
			return nil, err
		}
	} else if err := dir.WriteJSON(run.ConfigFile, cfg); err != nil {
		return nil, err
	}
	steps := cfg.StepsPerEpoch
	if steps <= 0 {
		steps = data.Train.BatchesPerEpoch()
	}
	l := &loop{t: t, cfg: cfg, data: data, dir: dir, opts: opts, steps: steps, batch: data.Train.NewBatch()}
	return t, l.run(&st)
}

type loop struct {
	t     *Trainer
	cfg   Config
	data  Data
	dir   *run.Dir
	opts  Options
	steps int
	batch *dataset.Batch
	done  int
	prog  *run.Progress
}

func (l *loop) run(st *checkpointState) error {
	l.prog = run.NewProgress(l.opts.Progress, l.cfg.Epochs)
	l.prog.Start()
	for st.Epoch < l.cfg.Epochs {
		lr, drop := l.cfg.EpochLR(st.Epoch), l.cfg.EpochDropPath(st.Epoch)
		start := time.Now()
		for ; st.Step < l.steps; st.Step++ {
			if l.interrupted() {
				st.StartedAt += time.Since(start).Seconds()
				if err := l.checkpoint(st); err != nil {
					return err
				}
				return ErrInterrupted
			}
			if ok, err := l.nextTrain(); err != nil {
				return fmt.Errorf("train: epoch %d/%d step %d/%d: %w", st.Epoch+1, l.cfg.Epochs, st.Step+1, l.steps, err)
			} else if !ok {
				return errors.New("train: the training data yields no batch")
			}
			x, y := batchTensors(l.batch)
			r, err := l.t.Step(x, y, lr, drop)
			if err != nil {
				return fmt.Errorf("train: epoch %d/%d step %d/%d: %w", st.Epoch+1, l.cfg.Epochs, st.Step+1, l.steps, err)
			}
			if !finite(r.Loss) {
				return fmt.Errorf("train: epoch %d/%d step %d/%d: loss is %g; stopped, the last good checkpoint is %s",
					st.Epoch+1, l.cfg.Epochs, st.Step+1, l.steps, r.Loss, l.dir.File(run.CheckpointFile))
			}
			st.Loss += r.Loss
			st.Correct += r.Correct
			st.Seen += float64(l.batch.Size)
			l.done++
			l.prog.Step(st.Epoch, st.Step, l.steps, r.Loss)
		}
		if err := l.endEpoch(st, lr, drop, st.StartedAt+time.Since(start).Seconds()); err != nil {
			return err
		}
	}
	return nil
}

// nextTrain fills l.batch, going on into the next epoch of the data when one ends.
func (l *loop) nextTrain() (bool, error) {
	ok, err := l.data.Train.Next(l.batch)
	if err != nil || ok {
		return ok, err
	}
	return l.data.Train.Next(l.batch)
}

func (l *loop) interrupted() bool {
	return run.Interrupted(l.opts.Stop, l.done, l.opts.stopAfterSteps)
}

func (l *loop) endEpoch(st *checkpointState, lr, drop, seconds float64) error {
	testLoss, testAcc, err := l.test()
	if err != nil {
		return err
	}
	rec := EpochRecord{Epoch: st.Epoch, Steps: l.steps, LR: lr, DropPath: drop,
		TrainLoss: st.Loss / float64(l.steps), TrainAcc: st.Correct / st.Seen,
		TestLoss: testLoss, TestAcc: testAcc, Seconds: seconds}
	if err := l.dir.Append(run.MetricsFile, rec); err != nil {
		return err
	}
	*st = checkpointState{Config: st.Config, Epoch: st.Epoch + 1}
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
