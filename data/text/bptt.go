package text

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/data/dataset"
)

// Mode selects how BPTT draws window lengths; each follows one loop of the reference.
type Mode int

const (
	// ModeEval is evaluate(): windows of BPTT rows starting at 0, BPTT, 2·BPTT, … while the start
	// is before the last row; the last window is shorter. No randomness.
	ModeEval Mode = iota
	// ModeTrain is rnn/train.py: base = BPTT with probability 0.95, else BPTT/2; length =
	// max(MinSeqLen, int(normal(base, SeqLenStd))), capped at BPTT+MaxSeqLenDelta; the
	// epoch ends when the start reaches Steps-2.
	ModeTrain
	// ModeSearch is rnn/train_search.py, where the normal jitter is commented out: length =
	// int(base) with the same base (35 or 17), and the same epoch end as ModeTrain. The
	// architecture step there reads its batch from the batchified valid split at the same
	// row with the fixed length: valid.Window(w.Start%(valid.Steps-1), cfg.BPTT).
	ModeSearch
)

func (m Mode) String() string {
	switch m {
	case ModeEval:
		return "eval"
	case ModeTrain:
		return "train"
	case ModeSearch:
		return "search"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// The reference's constants (args.bptt, args.max_seq_len_delta and the literals of train.py).
const (
	DefaultBPTT           = 35
	DefaultMaxSeqLenDelta = 20
	MinSeqLen             = 5
	SeqLenStd             = 5.0
	HalfProb              = 0.05 // probability that the base length is halved
)

// BPTTConfig configures a BPTT iterator.
type BPTTConfig struct {
	BPTT           int    // base window length; 0 means DefaultBPTT
	Mode           Mode   // ModeEval, ModeTrain or ModeSearch
	MaxSeqLenDelta int    // ModeTrain: cap lengths at BPTT+delta; 0 means 20, negative no cap
	Seed           uint64 // seeds the length draws (ModeTrain, ModeSearch)
}

// Window is one step of truncated BPTT.
type Window struct {
	Epoch, Index int // epoch (from 0) and window number within it
	Start        int // first input row in the Stream
	// SeqLen is the number of rows in Input and Target: Drawn, cut at the end of the stream.
	SeqLen int
	// Drawn is the length as drawn, before that cut; the next window starts Drawn rows on.
	Drawn int
	// LRScale is Drawn/BPTT. The reference multiplies the learning rate by it for this step
	// only (lr2 * seq_len / args.bptt, with seq_len before get_batch's cut), so that the
	// update size does not depend on how many tokens the window held; use ScaleLR.
	LRScale float64
	// Input and Target are [SeqLen, Batch] row-major; Target is Input one row later, i.e.
	// every column's next token. They share memory with the Stream.
	Input, Target []int32
}

// ScaleLR returns lr scaled for this window as the reference does.
func (w Window) ScaleLR(lr float64) float64 { return lr * w.LRScale }

// BPTT walks a Stream in windows, epoch after epoch. Its state is a few integers (State), so a
// checkpoint taken mid-epoch resumes with exactly the windows that would have followed.
type BPTT struct {
	s                 Stream
	cfg               BPTTConfig
	rng               dataset.RNG
	epoch, index, pos int
}

// NewBPTT returns an iterator over s at the start of epoch 0.
func NewBPTT(s Stream, cfg BPTTConfig) (*BPTT, error) {
	if cfg.BPTT == 0 {
		cfg.BPTT = DefaultBPTT
	}
	if cfg.MaxSeqLenDelta == 0 {
		cfg.MaxSeqLenDelta = DefaultMaxSeqLenDelta
	}
	switch {
	case cfg.BPTT < 0:
		return nil, fmt.Errorf("text: bptt: window length %d, want > 0", cfg.BPTT)
	case cfg.Mode < ModeEval || cfg.Mode > ModeSearch:
		return nil, fmt.Errorf("text: bptt: unknown mode %d", int(cfg.Mode))
	case s.Batch <= 0 || len(s.IDs) != s.Steps*s.Batch:
		return nil, fmt.Errorf("text: bptt: stream of %d ids is not %d×%d (use Batchify)", len(s.IDs), s.Steps, s.Batch)
	case s.Steps < 2, cfg.Mode != ModeEval && s.Steps < 3:
		// Training stops at Steps-2, so it needs 3 rows for one window.
		return nil, fmt.Errorf("text: bptt: %d rows are too few for a %s window", s.Steps, cfg.Mode)
	}
	return &BPTT{s: s, cfg: cfg, rng: dataset.NewRNG(cfg.Seed)}, nil
}

// Config returns the configuration with defaults filled in.
func (b *BPTT) Config() BPTTConfig { return b.cfg }

// Next returns the next window of the current epoch. At the end of an epoch it returns false
// once and moves to the next epoch, which the following call begins:
//
//	for w, ok := it.Next(); ok; w, ok = it.Next() { … }
//
// The length draws continue across epochs, like the reference's global NumPy generator.
func (b *BPTT) Next() (Window, bool) {
	end := b.s.Steps - 1 // evaluate(): range(0, len-1, bptt)
	if b.cfg.Mode != ModeEval {
		end = b.s.Steps - 2 // train(): while i < len - 1 - 1
	}
	if b.pos >= end {
		b.epoch, b.index, b.pos = b.epoch+1, 0, 0
		return Window{}, false
	}
	drawn := b.cfg.BPTT
	if b.cfg.Mode != ModeEval {
		drawn, _ = drawLen(&b.rng, b.cfg)
	}
	in, tg, n := b.s.Window(b.pos, drawn)
	w := Window{
		Epoch: b.epoch, Index: b.index, Start: b.pos, SeqLen: n, Drawn: drawn,
		LRScale: float64(drawn) / float64(b.cfg.BPTT), Input: in, Target: tg,
	}
	b.pos += drawn
	b.index++
	return w, true
}

// drawLen draws one training window length and reports whether the base was halved.
func drawLen(r *dataset.RNG, cfg BPTTConfig) (int, bool) {
	base, half := float64(cfg.BPTT), false
	if unit(r) >= 1-HalfProb { // the reference: bptt if random() < 0.95 else bptt / 2.
		base, half = base/2, true
	}
	if cfg.Mode == ModeSearch {
		// int(bptt); at least 1 so that a tiny BPTT cannot stall the walk.
		return max(1, int(base)), half
	}
	// The explicit conversion stops a fused multiply-add, which would round differently on
	// some architectures; Go's int() truncates toward zero like Python's.
	n := max(MinSeqLen, int(base+float64(SeqLenStd*normal(r))))
	if cfg.MaxSeqLenDelta >= 0 {
		n = min(n, cfg.BPTT+cfg.MaxSeqLenDelta)
	}
	return n, half
}

// unit returns a uniform float64 in [0, 1) with 53 random bits.
func unit(r *dataset.RNG) float64 { return float64(r.Uint64()>>11) / (1 << 53) }

// normal returns a standard normal deviate by Box–Muller, from exactly two draws so that the
// generator's position after a window never depends on the values drawn.
func normal(r *dataset.RNG) float64 {
	u1 := (float64(r.Uint64()>>11) + 1) / (1 << 53) // (0, 1]: log(u1) is finite
	u2 := unit(r)
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// BPTTState is where a BPTT iterator stands, as plain numbers that encoding/json stores
// exactly. Restoring it into an iterator over the same Stream with the same BPTT and Mode
// continues with exactly the windows the saved one would have produced.
type BPTTState struct {
	Seed  uint64 `json:"seed"`
	Epoch int    `json:"epoch"`
	Index int    `json:"index"` // windows of the current epoch already returned
	Pos   int    `json:"pos"`   // start row of the next window
	RNG   uint64 `json:"rng"`   // length-draw stream (dataset.RNG.State)
	Steps int    `json:"steps"` // stream shape, checked on restore
	Batch int    `json:"batch"`
	BPTT  int    `json:"bptt"`
	Mode  Mode   `json:"mode"`
}

// State returns the iterator's position.
func (b *BPTT) State() BPTTState {
	return BPTTState{
		Seed: b.cfg.Seed, Epoch: b.epoch, Index: b.index, Pos: b.pos, RNG: b.rng.State,
		Steps: b.s.Steps, Batch: b.s.Batch, BPTT: b.cfg.BPTT, Mode: b.cfg.Mode,
	}
}

// Restore moves the iterator to st. A different stream shape, BPTT or mode is an error,
// because the saved windows could not line up.
func (b *BPTT) Restore(st BPTTState) error {
	switch {
	case st.Steps != b.s.Steps || st.Batch != b.s.Batch:
		return fmt.Errorf("text: bptt: restore: state is for a %d×%d stream, iterator has %d×%d",
			st.Steps, st.Batch, b.s.Steps, b.s.Batch)
	case st.BPTT != b.cfg.BPTT || st.Mode != b.cfg.Mode:
		return fmt.Errorf("text: bptt: restore: state is for bptt %d (%s), iterator has %d (%s)",
			st.BPTT, st.Mode, b.cfg.BPTT, b.cfg.Mode)
	case st.Epoch < 0 || st.Index < 0 || st.Pos < 0:
		return fmt.Errorf("text: bptt: restore: bad position epoch %d, window %d, row %d", st.Epoch, st.Index, st.Pos)
	}
	b.cfg.Seed = st.Seed
	b.epoch, b.index, b.pos = st.Epoch, st.Index, st.Pos
	b.rng = dataset.RNG{State: st.RNG}
	return nil
}
