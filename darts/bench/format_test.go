package bench

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func sampleRows() []OpRow {
	return []OpRow{
		{Op: "conv_3x3", Stock: Timing{Median: 1012 * time.Millisecond, Runs: 3},
			Ours: Timing{Median: 7500 * time.Microsecond, Runs: 20}, FLOPs: convFlops(32, 16, 16, 3)},
		{Op: "max_pool_3x3", Stock: Timing{Median: 40 * time.Millisecond, Runs: 20},
			Ours: Timing{Median: 20 * time.Millisecond, Runs: 20}},
		{Op: "search_cell_step", StockSkipped: true, Ours: Timing{Median: 4 * time.Second, Runs: 1},
			FLOPs: cellFlops(), Depthwise: true},
	}
}

func TestWriteTableAligned(t *testing.T) {
	var b strings.Builder
	if err := WriteTable(&b, sampleRows()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	table := lines[:4]
	width := utf8.RuneCountInString(table[0])
	for i, l := range table {
		if utf8.RuneCountInString(l) != width {
			t.Errorf("line %d is %d wide, header %d:\n%s", i, utf8.RuneCountInString(l), width, b.String())
		}
	}
	for i, want := range []string{
		"op | stock ms | ours ms | speed-up | GFLOP/s ours | runs stock/ours",
		"conv_3x3 1012 7.50 134.9x 30.2 3/20",
		"max_pool_3x3 40.0 20.0 2.0x - 20/20",
		"search_cell_step * skipped 4000 - 1.1 -/1",
	} {
		want = strings.ReplaceAll(want, " | ", " ")
		if got := strings.Join(strings.Fields(table[i]), " "); got != want {
			t.Errorf("line %d: %q, want %q", i, got, want)
		}
	}
	for _, footnote := range []string{"* stock:", "search_cell_step:", "skipped:", "GFLOP/s:"} {
		if !strings.Contains(b.String(), "\n"+footnote) {
			t.Errorf("footnote %q missing:\n%s", footnote, b.String())
		}
	}
}

func TestWriteTableOmitsUnusedFootnotes(t *testing.T) {
	var b strings.Builder
	if err := WriteTable(&b, sampleRows()[:2]); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"* stock:", "skipped", "search_cell_step"} {
		if strings.Contains(b.String(), absent) {
			t.Errorf("%q printed without a row needing it:\n%s", absent, b.String())
		}
	}
}

func TestNumbersRightAligned(t *testing.T) {
	var b strings.Builder
	WriteTable(&b, sampleRows())
	lines := strings.Split(b.String(), "\n")
	// The ours ms column ends at the same offset on every line.
	end := strings.Index(lines[0], "ours ms") + len("ours ms")
	for _, l := range lines[1:4] {
		if l[end-1] == ' ' || (end < len(l) && l[end] != ' ') {
			t.Errorf("ours ms column not right-aligned at %d in %q", end, l)
		}
	}
}

func TestFormatMs(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{512 * time.Microsecond, "0.512"},
		{7500 * time.Microsecond, "7.50"},
		{42345 * time.Microsecond, "42.3"},
		{183456 * time.Millisecond, "183456"},
	} {
		if got := formatMs(tc.d); got != tc.want {
			t.Errorf("formatMs(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestSpeedUpAndGFLOPS(t *testing.T) {
	r := OpRow{Stock: Timing{Median: time.Second}, Ours: Timing{Median: 10 * time.Millisecond}, FLOPs: 1e9}
	if r.SpeedUp() != 100 || r.GFLOPS() != 100 {
		t.Errorf("speed-up %g, GFLOP/s %g; want 100 and 100", r.SpeedUp(), r.GFLOPS())
	}
	r.StockSkipped = true
	if r.SpeedUp() != 0 {
		t.Errorf("speed-up of a skipped row = %g, want 0", r.SpeedUp())
	}
	if (OpRow{Ours: Timing{Median: time.Millisecond}}).GFLOPS() != 0 {
		t.Error("GFLOP/s of an op without convolutions should be 0")
	}
}

func TestSummarize(t *testing.T) {
	ms := time.Millisecond
	if got := summarize([]time.Duration{5 * ms, 1 * ms, 3 * ms}); got.Median != 3*ms || got.Min != ms || got.Runs != 3 {
		t.Errorf("odd: %+v", got)
	}
	if got := summarize([]time.Duration{4 * ms, 1 * ms, 2 * ms, 8 * ms}); got.Median != 3*ms {
		t.Errorf("even: median %v, want 3ms", got.Median)
	}
}
