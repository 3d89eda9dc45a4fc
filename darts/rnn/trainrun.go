package rnn

import (
	"fmt"
	"io"
	"math"
	"slices"

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
	load := func() (int, error) {
		if err := checkpoint.Load(dir.File(run.CheckpointFile), t.Ctx, &st); err != nil {
			return 0, err
		}
		return st.Epoch, it.Restore(st.Train)
	}
	base, err := dir.Begin(opts.Resume, cfg, load, run.MetricsFile)
	if err != nil {
		return nil, err
	}
	steps := cfg.StepsPerEpoch
	if steps <= 0 {
		steps = stream.Steps / cfg.BPTT
	}
	l := &trainLoop{t: t, cfg: cfg, corpus: corpus, dir: dir, base: base, opts: opts, it: it, st: &st}
	l.epochs = run.Loop{Epochs: cfg.Epochs, Steps: steps, UntilEOF: true, Progress: opts.Progress, Stop: opts.Stop,
		StopAfterSteps: opts.stopAfterSteps, StartEpoch: l.startEpoch, Step: l.step, EndEpoch: l.endEpoch, Interrupt: l.interrupt}
	return t, l.epochs.Run(run.Position{Epoch: st.Epoch, Step: st.Step, Seconds: st.StartedAt})
}

// trainLoop is what the epochs of a Train share: run.Loop runs them, its hooks are the methods
// below.
type trainLoop struct {
	t      *Trainer
	cfg    TrainRunConfig
	corpus *text.Corpus
	dir    *run.Dir
	base   int // the number the run's files give its first epoch (run.EpochBase, 0 in older runs)
	opts   TrainOptions
	it     *text.BPTT
	epochs run.Loop
	st     *trainState     // the epoch in progress (its position is set when saved) and the ASGD switch
	h      *tensors.Tensor // the hidden state carried by the training stream
}

// startEpoch takes the hidden state the epoch starts from: zeros, or a checkpoint's.
func (l *trainLoop) startEpoch(run.Position) error {
	l.h = l.cfg.Net.ZeroHidden(l.cfg.BatchSize)
	if l.st.Hidden != nil {
		l.h = tensors.FromFlatDataAndDimensions(slices.Clone(l.st.Hidden), l.cfg.BatchSize, l.cfg.Net.Hidden)
	}
	return nil
}

// step runs the epoch's next window; io.EOF when the epoch is over (see nextWindow).
func (l *trainLoop) step(pos run.Position) (float64, error) {
	w, ok := nextWindow(l.it, l.cfg.StepsPerEpoch, pos.Step)
	if !ok {
		return 0, io.EOF
	}
	x, y := window(w, l.cfg.BatchSize)
	loss, _, nextH, err := l.t.Step(x, y, l.h, w.ScaleLR(l.cfg.Opt.LR), l.st.ASGD)
	if err != nil {
		return 0, fmt.Errorf("rnn: %s: %w", l.epochs.At(pos), err)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return 0, fmt.Errorf("rnn: %s: loss is %g; stopped, the last good checkpoint is %s",
			l.epochs.At(pos), loss, l.dir.File(run.CheckpointFile))
	}
	l.h = nextH
	l.st.LossSum += loss
	return loss, nil
}

// interrupt saves the epoch in progress at pos, with the hidden state it carries.
func (l *trainLoop) interrupt(pos run.Position) error {
	l.st.Hidden = tensors.MustCopyFlatData[float32](l.h)
	l.st.Epoch, l.st.Step, l.st.StartedAt = pos.Epoch, pos.Step, pos.Seconds
	return l.save()
}

// endEpoch evaluates the epoch's weights, records it, switches to averaged SGD when the
// validation loss says so, and saves the checkpoint of the next epoch.
func (l *trainLoop) endEpoch(pos run.Position) error {
	cfg, st := l.cfg, l.st
	valLoss, err := evaluateStream(l.t, cfg, l.corpus.Valid, st.ASGD)
	if err != nil {
		return err
	}
	improved := st.Best == nil || valLoss < st.Best.ValLoss
	if improved {
		testLoss, err := evaluateStream(l.t, cfg.withEvalBatch(cfg.testBatch()), l.corpus.Test, st.ASGD)
		if err != nil {
			return err
		}
		st.Best = &bestEpoch{Epoch: pos.Epoch, ValLoss: valLoss, TestLoss: testLoss}
	}
	rec := TrainRecord{Epoch: pos.Epoch, Steps: pos.Step, ASGD: st.ASGD, TrainLoss: st.LossSum / float64(pos.Step),
		ValPPL: math.Exp(valLoss), TestPPL: math.Exp(st.Best.TestLoss), Best: improved, Seconds: pos.Seconds}
	if err := run.AppendEpoch(l.dir, run.MetricsFile, l.base, rec); err != nil {
		return err
	}
	// The reference's switch: once more than NonMono evaluations exist and this one is worse
	// than the best of those before the last NonMono.
	if n := len(st.ValHistory); !st.ASGD && n > cfg.Opt.NonMono && valLoss > slices.Min(st.ValHistory[:n-cfg.Opt.NonMono]) {
		st.ASGD = true
	}
	st.ValHistory = append(st.ValHistory, valLoss)
	*st = trainState{Config: st.Config, Epoch: pos.Epoch + 1, ASGD: st.ASGD, ValHistory: st.ValHistory, Best: st.Best}
	if err := l.save(); err != nil {
		return err
	}
	if l.opts.OnEpoch != nil {
		l.opts.OnEpoch(rec)
	}
	return nil
}

func (l *trainLoop) save() error {
	l.st.Train = l.it.State()
	return checkpoint.Save(l.dir.File(run.CheckpointFile), l.t.Ctx, l.st)
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

// EpochField gives run.AppendEpoch and run.ReadEpochFile the record's epoch.
func (r *TrainRecord) EpochField() *int { return &r.Epoch }
