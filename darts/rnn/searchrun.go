package rnn

import (
	"fmt"
	"io"
	"math"

	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
	"github.com/dartsml/godarts/data/text"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// ErrInterrupted is returned when Options.Stop closes: a checkpoint was written. It is
// run.ErrInterrupted, the one value every training loop returns.
var ErrInterrupted = run.ErrInterrupted

// SearchConfig is a recurrent search run (the reference's train_search.py).
type SearchConfig struct {
	Net           Config  `json:"net"`
	Order         int     `json:"order"`
	Epochs        int     `json:"epochs"`
	BatchSize     int     `json:"batch_size"`      // sequences of the training and α streams (paper: 256)
	BPTT          int     `json:"bptt"`            // window length (paper: 35, halved with probability 0.05)
	StepsPerEpoch int     `json:"steps_per_epoch"` // 0: one pass over the training stream, as the reference's epoch
	EvalBatchSize int     `json:"eval_batch_size"` // sequences of the validation stream (paper: 10)
	EvalWindows   int     `json:"eval_windows"`    // validation windows per epoch; 0: all
	LR            float64 `json:"lr"`
	Seed          int64   `json:"seed"`
	// The weights' SGD weight decay and gradient clip, and α's Adam learning rate and weight decay
	// (train_search.py's --wdecay 5e-7, --clip 0.25, --arch_lr 3e-3, --arch_wdecay 1e-3).
	// Configurations stored before these fields read the reference's values (UnmarshalJSON).
	WeightDecay     float64 `json:"weight_decay"`
	Clip            float64 `json:"clip"`
	ArchLR          float64 `json:"arch_lr"`
	ArchWeightDecay float64 `json:"arch_weight_decay"`
	// Beta and Alpha weigh the weight step's regularisation terms (Regularised; train_search.py's
	// --beta 1e-3 and --alpha 0); configurations stored before these fields read those values.
	Beta  float64 `json:"beta"`
	Alpha float64 `json:"alpha"`
	// MoveEmbedding makes the second-order virtual step move the tied embedding, as the paper's
	// equation; false (the default) keeps it, as the reference's code does (PaperArchitect).
	MoveEmbedding bool `json:"move_embedding,omitempty"`
}

// PaperSearchConfig is the paper's PTB search: 300 units, batch 256, BPTT 35, 50 epochs, lr 20.
func PaperSearchConfig(order, vocab int) SearchConfig {
	a := PaperArchitect(order, false)
	return SearchConfig{Net: PaperSearch(vocab), Order: order, Epochs: 50, BatchSize: 256, BPTT: 35, EvalBatchSize: 10, LR: 20, Seed: 3,
		WeightDecay: a.WeightOpt.WeightDecay, Clip: a.GradClip, ArchLR: a.ArchOpt.LR, ArchWeightDecay: a.ArchOpt.WeightDecay, Beta: Beta}
}

// Architect is the search step of c: PaperArchitect with c's optimiser settings.
func (c SearchConfig) Architect() architect.Config {
	a := PaperArchitect(c.Order, c.MoveEmbedding)
	a.WeightOpt.WeightDecay, a.GradClip = c.WeightDecay, c.Clip
	a.ArchOpt.LR, a.ArchOpt.WeightDecay = c.ArchLR, c.ArchWeightDecay
	if c.Alpha != 0 || c.Beta != Beta { // else NewSearcher's default, Net.RegularisedLoss
		a.WeightLoss = c.Net.RegularisedLossWith(c.Alpha, c.Beta)
	}
	return a
}

// QuickSearchConfig is minutes on 2 CPU cores on the real PTB text: 64 units, batch 32, windows
// of 20, 4 epochs of 40 steps, 20 validation windows, and lighter dropout than the paper's (a
// small model trained briefly underfits; the paper's 0.75 would only slow it down).
func QuickSearchConfig(order, vocab int) SearchConfig {
	c := PaperSearchConfig(order, vocab)
	c.Net.Hidden = 64
	c.Net.Output, c.Net.HiddenDrop, c.Net.X, c.Net.Input = 0.25, 0.1, 0.25, 0.1
	c.Epochs, c.BatchSize, c.BPTT, c.StepsPerEpoch, c.EvalWindows = 4, 32, 20, 40, 20
	return c
}

// SearchRecord is one line of metrics.jsonl. Epoch counts from 0; the file numbers it from the
// run's epoch base (run.EpochBase), as every per-epoch record below.
type SearchRecord struct {
	Epoch     int     `json:"epoch"`
	Steps     int     `json:"steps"`
	TrainLoss float64 `json:"train_loss"` // mean NLL of the weight steps (before each step)
	ArchLoss  float64 `json:"arch_loss"`  // mean NLL the α steps saw
	ValLoss   float64 `json:"val_loss"`   // inference mode, validation stream
	ValPPL    float64 `json:"val_ppl"`
	Genotype  string  `json:"genotype"`
	Seconds   float64 `json:"seconds"`
}

// AlphaRecord is one line of alphas.jsonl: softmax(α) after the epoch.
type AlphaRecord struct {
	Epoch      int         `json:"epoch"`
	Primitives []string    `json:"primitives"`
	Recurrent  [][]float64 `json:"recurrent"`
}

// SearchOptions control a run.
type SearchOptions struct {
	Resume   bool
	Progress io.Writer // progress through run.Progress: a bar on a terminal, lines otherwise (nil: quiet)
	Stop     <-chan struct{}
	OnEpoch  func(SearchRecord)

	stopAfterSteps int // tests
}

type searchState struct {
	Config             SearchConfig
	Epoch, Step        int
	Train              text.BPTTState
	Hidden, ArchHidden []float32 // carried hidden states of the two streams
	TrainSum, ArchSum  float64
	StartedAt          float64
}

// Search runs a recurrent DARTS search on corpus (weights on its training split, α on its
// validation split, as the reference), writing config.json, metrics.jsonl, alphas.jsonl,
// genotype.json/.txt and a checkpoint after every epoch (and on interrupt) into dir.
func Search(b backends.Backend, cfg SearchConfig, corpus *text.Corpus, dir *run.Dir, opts SearchOptions) (*Searcher, error) {
	if cfg.Order != 1 && cfg.Order != 2 {
		return nil, fmt.Errorf("rnn: Order=%d, want 1 or 2", cfg.Order)
	}
	trainStream, err := text.Batchify(corpus.Train, cfg.BatchSize)
	if err != nil {
		return nil, err
	}
	archStream, err := text.Batchify(corpus.Valid, cfg.BatchSize)
	if err != nil {
		return nil, err
	}
	seed := uint64(cfg.Seed)
	train, err := text.NewBPTT(trainStream, text.BPTTConfig{BPTT: cfg.BPTT, Mode: text.ModeSearch, Seed: seed})
	if err != nil {
		return nil, err
	}
	if archStream.Steps <= cfg.BPTT+1 {
		return nil, fmt.Errorf("rnn: the validation split has %d rows of %d sequences, too few for an α window of %d",
			archStream.Steps, cfg.BatchSize, cfg.BPTT)
	}
	s, err := NewSearcher(b, cfg.Net, cfg.Architect(), cfg.Seed)
	if err != nil {
		return nil, err
	}
	st := searchState{Config: cfg}
	load := func() (int, error) {
		if err := checkpoint.Load(dir.File(run.CheckpointFile), s.Ctx, &st); err != nil {
			return 0, err
		}
		return st.Epoch, train.Restore(st.Train)
	}
	base, err := dir.Begin(opts.Resume, cfg, load, run.MetricsFile, run.AlphasFile)
	if err != nil {
		return nil, err
	}
	l := &searchLoop{s: s, cfg: cfg, corpus: corpus, dir: dir, base: base, opts: opts, train: train, archStream: archStream, st: &st}
	l.epochs = run.Loop{Epochs: cfg.Epochs, Steps: l.steps(), UntilEOF: true, Progress: opts.Progress, Stop: opts.Stop,
		StopAfterSteps: opts.stopAfterSteps, StartEpoch: l.startEpoch, Step: l.step, EndEpoch: l.endEpoch, Interrupt: l.interrupt}
	return s, l.epochs.Run(run.Position{Epoch: st.Epoch, Step: st.Step, Seconds: st.StartedAt})
}

// searchLoop is what the epochs of a Search share: run.Loop runs them, its hooks are the
// methods below.
type searchLoop struct {
	s          *Searcher
	cfg        SearchConfig
	corpus     *text.Corpus
	dir        *run.Dir
	base       int // the number the run's files give its first epoch (run.EpochBase, 0 in older runs)
	opts       SearchOptions
	train      *text.BPTT
	archStream text.Stream // the validation split batched like the training split
	epochs     run.Loop
	st         *searchState    // the sums of the epoch in progress; its position is set when saved
	h, hv      *tensors.Tensor // the hidden states carried by the two streams
}

// steps is the number of steps of an epoch: StepsPerEpoch, or about one pass over the training
// stream (for the progress line: a pass ends where the stream does, see nextWindow).
func (l *searchLoop) steps() int {
	if l.cfg.StepsPerEpoch > 0 {
		return l.cfg.StepsPerEpoch
	}
	return (len(l.corpus.Train)/l.cfg.BatchSize - 1 + l.cfg.BPTT - 1) / l.cfg.BPTT
}

// nextWindow returns an epoch's next window. With stepsPerEpoch 0 an epoch is one pass over the
// stream, as the reference's (its windows of random length, each pass from the first row): ok
// is false at its end. Otherwise an epoch is stepsPerEpoch windows, the stream going on into
// its next pass where it ends.
func nextWindow(it *text.BPTT, stepsPerEpoch, step int) (w text.Window, ok bool) {
	if stepsPerEpoch <= 0 {
		return it.Next()
	}
	if step >= stepsPerEpoch {
		return text.Window{}, false
	}
	if w, ok = it.Next(); !ok {
		w, ok = it.Next()
	}
	return w, ok
}

// archWindow is the α step's window for the training window starting at row trainStart. The
// reference takes get_batch(search_data, i % (len(search_data) − 1)): the validation window at
// the training position, wrapped around, BPTT rows long but cut at the end of the stream. The
// cut is the one difference here: a window that would be cut is moved back to end at the last
// row instead, so that every α window is BPTT rows long and the step graph keeps one shape
// (each new shape is a new compilation, minutes at the paper's size; the reference, eager,
// pays nothing for it).
func (l *searchLoop) archWindow(trainStart int) text.Window {
	s := l.archStream
	start := min(trainStart%(s.Steps-1), s.Steps-1-l.cfg.BPTT)
	in, tg, n := s.Window(start, l.cfg.BPTT)
	return text.Window{Start: start, SeqLen: n, Drawn: l.cfg.BPTT, LRScale: 1, Input: in, Target: tg}
}

func window(w text.Window, batch int) (x, y *tensors.Tensor) {
	return tensors.FromFlatDataAndDimensions(append([]int32(nil), w.Input...), w.SeqLen, batch),
		tensors.FromFlatDataAndDimensions(append([]int32(nil), w.Target...), w.SeqLen, batch)
}

func (l *searchLoop) hidden(saved []float32) *tensors.Tensor {
	if saved == nil {
		return l.cfg.Net.ZeroHidden(l.cfg.BatchSize)
	}
	return tensors.FromFlatDataAndDimensions(append([]float32(nil), saved...), l.cfg.BatchSize, l.cfg.Net.Hidden)
}

// startEpoch takes the hidden states the epoch starts from: zeros, or a checkpoint's.
func (l *searchLoop) startEpoch(run.Position) error {
	l.h, l.hv = l.hidden(l.st.Hidden), l.hidden(l.st.ArchHidden)
	return nil
}

// step runs the epoch's next window; io.EOF when the epoch is over (see nextWindow).
func (l *searchLoop) step(pos run.Position) (float64, error) {
	tw, ok := nextWindow(l.train, l.cfg.StepsPerEpoch, pos.Step)
	if !ok {
		return 0, io.EOF
	}
	x, y := window(tw, l.cfg.BatchSize)
	xv, yv := window(l.archWindow(tw.Start), l.cfg.BatchSize)
	r, err := l.s.Step(x, y, l.h, xv, yv, l.hv, tw.ScaleLR(l.cfg.LR))
	if err != nil {
		return 0, fmt.Errorf("rnn: %s: %w", l.epochs.At(pos), err)
	}
	if math.IsNaN(r.TrainLoss) || math.IsInf(r.TrainLoss, 0) {
		return 0, fmt.Errorf("rnn: %s: loss is %g; stopped, the last good checkpoint is %s",
			l.epochs.At(pos), r.TrainLoss, l.dir.File(run.CheckpointFile))
	}
	l.h, l.hv = r.TrainHidden, r.ValHidden
	l.st.TrainSum += r.TrainLoss
	l.st.ArchSum += r.ValLoss
	return r.TrainLoss, nil
}

// interrupt saves the epoch in progress at pos, with the hidden states it carries.
func (l *searchLoop) interrupt(pos run.Position) error {
	st := l.st
	st.Hidden, st.ArchHidden = tensors.MustCopyFlatData[float32](l.h), tensors.MustCopyFlatData[float32](l.hv)
	st.Epoch, st.Step, st.StartedAt = pos.Epoch, pos.Step, pos.Seconds
	return l.checkpoint(st)
}

func (l *searchLoop) endEpoch(pos run.Position) error {
	st, steps := l.st, pos.Step
	valLoss, err := l.validate()
	if err != nil {
		return err
	}
	logits := tensors.MustCopyFlatData[float32](l.s.Net.Alphas(l.s.Ctx).MustValue())
	rows, cols := l.cfg.Net.NumEdges(), len(Primitives)
	alpha := make([][]float32, rows)
	weights := make([][]float64, rows)
	for i := range alpha {
		alpha[i] = logits[i*cols : (i+1)*cols]
		weights[i] = softmax(alpha[i])
	}
	g, err := genotype.DeriveRecurrent(alpha, l.cfg.Net.Steps)
	if err != nil {
		return err
	}
	rec := SearchRecord{Epoch: pos.Epoch, Steps: steps, TrainLoss: st.TrainSum / float64(steps), ArchLoss: st.ArchSum / float64(steps),
		ValLoss: valLoss, ValPPL: math.Exp(valLoss), Genotype: g.String(), Seconds: pos.Seconds}
	if err := run.AppendEpoch(l.dir, run.MetricsFile, l.base, rec); err != nil {
		return err
	}
	if err := run.AppendEpoch(l.dir, run.AlphasFile, l.base, AlphaRecord{Epoch: pos.Epoch, Primitives: Primitives, Recurrent: weights}); err != nil {
		return err
	}
	if err := l.dir.WriteGenotype(g); err != nil {
		return err
	}
	*st = searchState{Config: st.Config, Epoch: pos.Epoch + 1} // hidden states restart each epoch, as the reference
	if err := l.checkpoint(st); err != nil {
		return err
	}
	if l.opts.OnEpoch != nil {
		l.opts.OnEpoch(rec)
	}
	return nil
}

func (l *searchLoop) checkpoint(st *searchState) error {
	st.Train = l.train.State()
	return checkpoint.Save(l.dir.File(run.CheckpointFile), l.s.Ctx, st)
}

// validate is the mean NLL over the validation stream in inference mode (batch EvalBatchSize,
// fixed windows of BPTT, the hidden state carried), as the reference's evaluate().
func (l *searchLoop) validate() (float64, error) {
	return meanNLL(l.corpus.Valid, l.cfg.Net, l.cfg.EvalBatchSize, l.cfg.BPTT, l.cfg.EvalWindows, l.s.Evaluate)
}

func softmax(row []float32) []float64 {
	m := row[0]
	for _, v := range row {
		m = max(m, v)
	}
	out := make([]float64, len(row))
	var sum float32
	for i, v := range row {
		e := float32(math.Exp(float64(v - m)))
		out[i] = float64(e)
		sum += e
	}
	for i := range out {
		out[i] /= float64(sum)
	}
	return out
}

// EpochField gives run.AppendEpoch and run.ReadEpochFile the record's epoch.
func (r *SearchRecord) EpochField() *int { return &r.Epoch }

// EpochField gives run.AppendEpoch and run.ReadEpochFile the record's epoch.
func (r *AlphaRecord) EpochField() *int { return &r.Epoch }
