package text

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/dataset"
)

func stream(t *testing.T, n, batch int) Stream {
	t.Helper()
	s, err := Batchify(seq(n), batch)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// epoch collects the windows of one epoch.
func epoch(it *BPTT) []Window {
	var ws []Window
	for w, ok := it.Next(); ok; w, ok = it.Next() {
		ws = append(ws, w)
	}
	return ws
}

func TestDrawLenDistribution(t *testing.T) {
	const n = 20000
	r := dataset.NewRNG(1)
	cfg := BPTTConfig{BPTT: 35, Mode: ModeTrain, MaxSeqLenDelta: 20}
	halves := 0
	var sum, sumSq, full float64
	lo, hi := math.MaxInt, 0
	for range n {
		l, half := drawLen(&r, cfg)
		lo, hi = min(lo, l), max(hi, l)
		if half {
			halves++
			continue
		}
		full++
		sum += float64(l)
		sumSq += float64(l) * float64(l)
	}
	if p := float64(halves) / n; math.Abs(p-HalfProb) > 0.006 { // 4 standard errors
		t.Errorf("halved base in %.4f of draws, want %.2f", p, HalfProb)
	}
	// int(normal(35, 5)) truncates: mean 34.5, standard deviation about 5.
	mean := sum / full
	std := math.Sqrt(sumSq/full - mean*mean)
	if math.Abs(mean-34.5) > 0.15 || math.Abs(std-5) > 0.2 {
		t.Errorf("full-length draws: mean %.3f, std %.3f; want about 34.5 and 5", mean, std)
	}
	if lo != MinSeqLen || hi > 55 {
		t.Errorf("lengths in [%d, %d], want the floor 5 reached and at most bptt+20 = 55", lo, hi)
	}
	// A cap within reach (35+3), and a small base (10, halved 5) that hits the floor often.
	for _, c := range []struct{ bptt, delta, lo, hi int }{{35, 3, 0, 38}, {10, 2, 5, 12}} {
		cfg = BPTTConfig{BPTT: c.bptt, Mode: ModeTrain, MaxSeqLenDelta: c.delta}
		lo, hi = math.MaxInt, 0
		for range 2000 {
			l, _ := drawLen(&r, cfg)
			lo, hi = min(lo, l), max(hi, l)
		}
		if lo < MinSeqLen || c.lo != 0 && lo != c.lo || hi != c.hi {
			t.Errorf("bptt %d, delta %d: lengths in [%d, %d], want [%d, %d]", c.bptt, c.delta, lo, hi, c.lo, c.hi)
		}
	}
	// ModeSearch: int(35) or int(17.5), nothing else.
	cfg = BPTTConfig{BPTT: 35, Mode: ModeSearch}
	for range 2000 {
		if l, half := drawLen(&r, cfg); !(l == 35 && !half || l == 17 && half) {
			t.Fatalf("search length %d (halved %v)", l, half)
		}
	}
}

func TestBPTTTrainEpoch(t *testing.T) {
	s := stream(t, 3*1000, 3)
	it, err := NewBPTT(s, BPTTConfig{Mode: ModeTrain, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for e := range 3 {
		ws := epoch(it)
		pos := 0
		for i, w := range ws {
			if w.Epoch != e || w.Index != i || w.Start != pos {
				t.Fatalf("epoch %d window %d: %+v", e, i, w)
			}
			if w.SeqLen != min(w.Drawn, s.Steps-1-w.Start) || w.Drawn < 5 || w.Drawn > 55 {
				t.Fatalf("window %d: drawn %d, %d rows", i, w.Drawn, w.SeqLen)
			}
			if w.LRScale != float64(w.Drawn)/35 || math.Abs(w.ScaleLR(20)-20*float64(w.Drawn)/35) > 1e-12 {
				t.Errorf("window %d: lr scale %v for %d", i, w.LRScale, w.Drawn)
			}
			// Every target is its column's next token.
			for k := range w.Input {
				if w.Target[k] != w.Input[k]+1 || w.Input[k] != int32((k%3)*1000+w.Start+k/3) {
					t.Fatalf("window %d: input %d target %d at %d", i, w.Input[k], w.Target[k], k)
				}
			}
			pos += w.Drawn
		}
		// The reference's loop: while i < len - 1 - 1.
		if last := ws[len(ws)-1]; last.Start >= s.Steps-2 || pos < s.Steps-2 {
			t.Errorf("epoch %d ends at window start %d, next %d, for %d rows", e, last.Start, pos, s.Steps)
		}
	}
}

func TestBPTTEval(t *testing.T) {
	s := stream(t, 2*100, 2) // 100 rows: windows at 0, 35, 70 of 35, 35, 29 rows
	it, err := NewBPTT(s, BPTTConfig{Mode: ModeEval})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		var got []int
		for _, w := range epoch(it) {
			got = append(got, w.Start, w.SeqLen)
			if w.LRScale != 1 {
				t.Errorf("eval lr scale %v", w.LRScale)
			}
		}
		if want := []int{0, 35, 35, 35, 70, 29}; !slices.Equal(got, want) {
			t.Errorf("eval windows (start, rows) %v, want %v", got, want)
		}
	}
}

func TestBPTTDeterministicAndResume(t *testing.T) {
	s := stream(t, 4*500, 4)
	cfg := BPTTConfig{BPTT: 20, Mode: ModeTrain, Seed: 3}
	a, _ := NewBPTT(s, cfg)
	b, _ := NewBPTT(s, cfg)
	ref := append(epoch(a), epoch(a)...)
	if got := append(epoch(b), epoch(b)...); !reflect.DeepEqual(got, ref) {
		t.Fatal("same seed, different windows")
	}
	other, _ := NewBPTT(s, BPTTConfig{BPTT: 20, Mode: ModeTrain, Seed: 4})
	if reflect.DeepEqual(epoch(other), ref[:len(epoch(other))]) {
		t.Error("seeds 3 and 4 give the same windows")
	}

	// Stop mid-epoch, save through JSON, resume in a fresh iterator.
	c, _ := NewBPTT(s, cfg)
	for range 7 {
		c.Next()
	}
	raw, err := json.Marshal(c.State())
	if err != nil {
		t.Fatal(err)
	}
	var st BPTTState
	if err := json.Unmarshal(raw, &st); err != nil || st != c.State() {
		t.Fatalf("JSON round trip: %v, %+v", err, st)
	}
	d, _ := NewBPTT(s, BPTTConfig{BPTT: 20, Mode: ModeTrain, Seed: 99}) // the state's seed wins
	if err := d.Restore(st); err != nil {
		t.Fatal(err)
	}
	got := append(epoch(d), epoch(d)...)
	if !reflect.DeepEqual(got, ref[7:]) {
		t.Errorf("resumed run differs: %d windows, want %d", len(got), len(ref)-7)
	}
	if d.Config().Seed != 3 {
		t.Errorf("seed after restore %d", d.Config().Seed)
	}
}

func TestBPTTErrors(t *testing.T) {
	s := stream(t, 40, 4)
	it, _ := NewBPTT(s, BPTTConfig{Mode: ModeTrain})
	st := it.State()
	for _, tc := range []struct {
		mutate func(*BPTTState)
		want   string
	}{
		{func(s *BPTTState) { s.Steps = 11 }, "11×4 stream"},
		{func(s *BPTTState) { s.BPTT = 70 }, "bptt 70"},
		{func(s *BPTTState) { s.Mode = ModeEval }, "(eval)"},
		{func(s *BPTTState) { s.Pos = -1 }, "bad position"},
	} {
		bad := st
		tc.mutate(&bad)
		if err := it.Restore(bad); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("restore: %v, want %q", err, tc.want)
		}
	}
	for _, tc := range []struct {
		s    Stream
		cfg  BPTTConfig
		want string
	}{
		{s, BPTTConfig{BPTT: -1}, "window length -1"},
		{s, BPTTConfig{Mode: 9}, "unknown mode 9"},
		{Stream{IDs: seq(5), Steps: 2, Batch: 2}, BPTTConfig{}, "use Batchify"},
		{stream(t, 4, 2), BPTTConfig{Mode: ModeSearch}, "2 rows are too few for a search window"},
	} {
		if _, err := NewBPTT(tc.s, tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewBPTT(%+v): %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
