package rnn

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
	"github.com/dartsml/godarts/data/text"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TrainRunConfig is the training of a derived cell (the reference's train.py).
type TrainRunConfig struct {
	Net       Config      `json:"net"`
	Opt       TrainConfig `json:"opt"`
	Epochs    int         `json:"epochs"`
	BatchSize int         `json:"batch_size"` // paper: 64
	BPTT      int         `json:"bptt"`       // base window length (35; lengths drawn around it)
	// MaxSeqLenDelta caps the drawn lengths at BPTT+MaxSeqLenDelta (train.py's
	// --max_seq_len_delta 20); 0, as configurations stored before it, means 20.
	MaxSeqLenDelta int `json:"max_seq_len_delta,omitempty"`
	StepsPerEpoch  int `json:"steps_per_epoch"` // 0: one pass over the training stream, as the reference's epoch
	EvalBatchSize  int `json:"eval_batch_size"` // validation stream (the reference: 10)
	// TestBatchSize is the test stream's (the reference: 1, each sequence the whole test text);
	// 0 means EvalBatchSize, as runs stored before this field evaluated.
	TestBatchSize int   `json:"test_batch_size,omitempty"`
	EvalWindows   int   `json:"eval_windows"` // windows evaluated per epoch; 0: all
	Seed          int64 `json:"seed"`
}

// PaperTrainConfig is the paper's PTB (850 units) or WikiText-2 (700 units, hidden dropout 0.15,
// weight decay 5e-7) training of cell g: batch 64, BPTT 35, lr 20 then ASGD, test batch 1, and
// the reference train.py's 8,000 epochs (the paper gives no number: training ends when the
// run is stopped; the ASGD switch decides how the weights are averaged).
func PaperTrainConfig(g genotype.Recurrent, vocab int, wikitext2 bool) TrainRunConfig {
	c := TrainRunConfig{Net: PaperEval(vocab, 850, g), Opt: PaperTrain(), Epochs: 8000, BatchSize: 64, BPTT: 35,
		EvalBatchSize: 10, TestBatchSize: 1, Seed: 1267}
	if wikitext2 {
		c.Net.Hidden, c.Net.HiddenDrop, c.Opt.WeightDecay = 700, 0.15, 5e-7
	}
	return c
}

// QuickTrainConfig is minutes on 2 CPU cores: 64 units, batch 32, windows around 20, 4 epochs of
// 40 steps, lighter dropout, ASGD after one non-improving epoch.
func QuickTrainConfig(g genotype.Recurrent, vocab int) TrainRunConfig {
	c := PaperTrainConfig(g, vocab, false)
	c.Net.Hidden = 64
	c.Net.Output, c.Net.HiddenDrop, c.Net.X, c.Net.Input, c.Net.Embedding = 0.25, 0.1, 0.25, 0.1, 0.05
	c.Epochs, c.BatchSize, c.BPTT, c.StepsPerEpoch, c.EvalWindows, c.Opt.NonMono = 4, 32, 20, 40, 20, 1
	return c
}

// TrainRecord is one line of metrics.jsonl.
type TrainRecord struct {
	Epoch     int     `json:"epoch"`
	Steps     int     `json:"steps"`
	ASGD      bool    `json:"asgd"` // averaged SGD was on during the epoch
	TrainLoss float64 `json:"train_loss"`
	ValPPL    float64 `json:"val_ppl"`
	// TestPPL is the test perplexity of the weights of the best validation epoch so far (this one
	// when Best): what the reference reports, once, for the model it saved at its best validation
	// loss. The test text is evaluated only at a new best, so the slow batch-1 pass is skipped
	// on the many epochs late in a run that do not improve.
	TestPPL float64 `json:"test_ppl"`
	Best    bool    `json:"best"`
	Seconds float64 `json:"seconds"`
}

// TrainOptions control a training run.
type TrainOptions struct {
	Resume   bool
	Progress io.Writer       // progress through run.Progress: a bar on a terminal, lines otherwise (nil: quiet)
	Stop     <-chan struct{} // closing it checkpoints and stops with ErrInterrupted
	OnEpoch  func(TrainRecord)

	stopAfterSteps int // tests
}

func (o TrainOptions) stopped(done int) bool { return run.Interrupted(o.Stop, done, o.stopAfterSteps) }

type trainState struct {
	Config      TrainRunConfig
	Epoch, Step int
	Train       text.BPTTState
	Hidden      []float32
	ASGD        bool
	ValHistory  []float64
	Best        *bestEpoch // nil before the first evaluation
	LossSum     float64
	StartedAt   float64
}

// Train trains a derived cell on corpus (train split; validation and test perplexity after every
// epoch), switching to averaged SGD when the validation loss is worse than the best one before
// the last NonMono epochs, as the reference; records and checkpoints go to dir.
func Train(b backends.Backend, cfg TrainRunConfig, corpus *text.Corpus, dir *run.Dir, opts TrainOptions) (*Trainer, error) {
	resume, progress, onEpoch := opts.Resume, opts.Progress, opts.OnEpoch
	stream, err := text.Batchify(corpus.Train, cfg.BatchSize)
	if err != nil {
		return nil, err
	}
	it, err := text.NewBPTT(stream, text.BPTTConfig{BPTT: cfg.BPTT, Mode: text.ModeTrain, Seed: uint64(cfg.Seed),
		MaxSeqLenDelta: cfg.MaxSeqLenDelta})
	if err != nil {
		return nil, err
	}
	t, err := NewTrainer(b, cfg.Net, cfg.Opt, cfg.Seed)
	if err != nil {
		return nil, err
	}
	st := trainState{Config: cfg}
	if resume {
		if err := checkpoint.Load(dir.File(run.CheckpointFile), t.Ctx, &st); err != nil {
			return nil, err
		}
		if err := it.Restore(st.Train); err != nil {
			return nil, err
		}
		if err := dir.TruncateLines(run.MetricsFile, st.Epoch); err != nil {
			return nil, err
		}
	} else if err := dir.WriteJSON(run.ConfigFile, cfg); err != nil {
		return nil, err
	}
	steps := cfg.StepsPerEpoch
	if steps <= 0 {
		steps = stream.Steps / cfg.BPTT
	}
	save := func() error {
		st.Train = it.State()
		return checkpoint.Save(dir.File(run.CheckpointFile), t.Ctx, &st)
	}
	done := 0
	prog := run.NewProgress(progress, cfg.Epochs)
	prog.Start()
	for st.Epoch < cfg.Epochs {
		start := time.Now()
		h := cfg.Net.ZeroHidden(cfg.BatchSize)
		if st.Hidden != nil {
			h = tensors.FromFlatDataAndDimensions(slices.Clone(st.Hidden), cfg.BatchSize, cfg.Net.Hidden)
		}
		for ; ; st.Step++ {
			if opts.stopped(done) {
				st.Hidden = tensors.MustCopyFlatData[float32](h)
				st.StartedAt += time.Since(start).Seconds()
				if err := save(); err != nil {
					return t, err
				}
				return t, ErrInterrupted
			}
			w, ok := nextWindow(it, cfg.StepsPerEpoch, st.Step)
			if !ok {
				break
			}
			done++
			x, y := window(w, cfg.BatchSize)
			loss, _, nextH, err := t.Step(x, y, h, w.ScaleLR(cfg.Opt.LR), st.ASGD)
			if err != nil {
				return t, fmt.Errorf("rnn: epoch %d/%d step %d/%d: %w", st.Epoch+1, cfg.Epochs, st.Step+1, steps, err)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return t, fmt.Errorf("rnn: epoch %d/%d step %d/%d: loss is %g; stopped, the last good checkpoint is %s",
					st.Epoch+1, cfg.Epochs, st.Step+1, steps, loss, dir.File(run.CheckpointFile))
			}
			h = nextH
			st.LossSum += loss
			prog.Step(st.Epoch, st.Step, steps, loss)
		}
		prog.EndEpoch()
		valLoss, err := evaluateStream(t, cfg, corpus.Valid, st.ASGD)
		if err != nil {
			return t, err
		}
		improved := st.Best == nil || valLoss < st.Best.ValLoss
		if improved {
			testLoss, err := evaluateStream(t, cfg.withEvalBatch(cfg.testBatch()), corpus.Test, st.ASGD)
			if err != nil {
				return t, err
			}
			st.Best = &bestEpoch{Epoch: st.Epoch, ValLoss: valLoss, TestLoss: testLoss}
		}
		rec := TrainRecord{Epoch: st.Epoch, Steps: st.Step, ASGD: st.ASGD, TrainLoss: st.LossSum / float64(st.Step),
			ValPPL: math.Exp(valLoss), TestPPL: math.Exp(st.Best.TestLoss), Best: improved,
			Seconds: st.StartedAt + time.Since(start).Seconds()}
		if err := dir.Append(run.MetricsFile, rec); err != nil {
			return t, err
		}
		// The reference's switch: once more than NonMono evaluations exist and this one is worse
		// than the best of those before the last NonMono.
		if n := len(st.ValHistory); !st.ASGD && n > cfg.Opt.NonMono && valLoss > slices.Min(st.ValHistory[:n-cfg.Opt.NonMono]) {
			st.ASGD = true
		}
		st.ValHistory = append(st.ValHistory, valLoss)
		st = trainState{Config: st.Config, Epoch: st.Epoch + 1, ASGD: st.ASGD, ValHistory: st.ValHistory, Best: st.Best}
		if err := save(); err != nil {
			return t, err
		}
		if onEpoch != nil {
			onEpoch(rec)
		}
	}
	return t, nil
}

// bestEpoch is the epoch of the best validation loss so far and its test loss.
type bestEpoch struct {
	Epoch             int
	ValLoss, TestLoss float64
}

// testBatch is the test stream's batch size.
func (c TrainRunConfig) testBatch() int {
	if c.TestBatchSize > 0 {
		return c.TestBatchSize
	}
	return c.EvalBatchSize
}

func (c TrainRunConfig) withEvalBatch(n int) TrainRunConfig {
	c.EvalBatchSize = n
	return c
}

// evaluateStream is the mean NLL of a split in inference mode (windows of BPTT, hidden carried).
func evaluateStream(t *Trainer, cfg TrainRunConfig, ids []int32, averaged bool) (float64, error) {
	return meanNLL(ids, cfg.Net, cfg.EvalBatchSize, cfg.BPTT, cfg.EvalWindows,
		func(x, y, h *tensors.Tensor) (float64, *tensors.Tensor, error) { return t.Evaluate(x, y, h, averaged) })
}

// meanNLL is the reference's evaluate(): the token-weighted mean loss of a split batched into
// batch sequences, walked in windows of bptt rows with the hidden state carried (at most
// maxWindows of them when positive). eval returns a window's mean loss and the next hidden state.
func meanNLL(ids []int32, net Config, batch, bptt, maxWindows int,
	eval func(x, y, h *tensors.Tensor) (float64, *tensors.Tensor, error)) (float64, error) {
	stream, err := text.Batchify(ids, batch)
	if err != nil {
		return 0, err
	}
	it, err := text.NewBPTT(stream, text.BPTTConfig{BPTT: bptt, Mode: text.ModeEval})
	if err != nil {
		return 0, err
	}
	h := net.ZeroHidden(batch)
	var total float64
	var n int
	for i := 0; maxWindows <= 0 || i < maxWindows; i++ {
		w, ok := it.Next()
		if !ok {
			break
		}
		x, y := window(w, batch)
		loss, next, err := eval(x, y, h)
		if err != nil {
			return 0, err
		}
		total += loss * float64(w.SeqLen)
		n += w.SeqLen
		h = next
	}
	if n == 0 {
		return math.NaN(), nil
	}
	return total / float64(n), nil
}
