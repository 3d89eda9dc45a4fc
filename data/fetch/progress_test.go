package fetch

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgressPlainLines(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, "ds: f", 0, 1000)
	for range 100 {
		p.Write(make([]byte, 10))
	}
	p.finish(true)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 10 || strings.Contains(out.String(), "\r") {
		t.Fatalf("%d lines (want 9 steps + the total), carriage returns in %q", len(lines), out.String())
	}
	if !strings.HasPrefix(lines[4], "ds: f 500 B / 1000 B (50%)") || !strings.Contains(lines[4], "ETA") ||
		!strings.HasPrefix(lines[9], "ds: f: 1000 B in") {
		t.Errorf("lines %q", lines)
	}
}

func TestProgressBar(t *testing.T) {
	p := &progress{tty: true, label: "ds: f", start: 250 << 20, n: 250 << 20, total: 1000 << 20, t0: time.Now().Add(-10 * time.Second)}
	line := p.line(p.t0.Add(10 * time.Second))
	want := "ds: f [============>           ] 500.0 MiB / 1000.0 MiB (50%)  25.0 MiB/s  ETA 20s"
	if line != want {
		t.Errorf("bar\n %q, want\n %q", line, want)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{812: "812 B", 4608: "4.5 KiB", 170498071: "162.6 MiB", 3 << 30: "3.00 GiB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}

// display is a TransferDisplay that records what it is shown; text written to it is kept apart.
type display struct {
	bytes.Buffer
	lines       []string
	done, total []int64
}

func (d *display) ShowTransfer(line string, done, total int64) {
	d.lines, d.done, d.total = append(d.lines, line), append(d.done, done), append(d.total, total)
}

// TestProgressDisplay: a writer that draws transfers itself gets the states (rate-limited, and
// always the last one) instead of text lines, then the closing line as text; DefaultProgress is where a Getter with no
// Progress reports.
func TestProgressDisplay(t *testing.T) {
	d := &display{}
	p := newProgress(d, "ds: f", 0, 1000)
	for range 100 {
		p.Write(make([]byte, 10))
	}
	p.finish(true)
	if !strings.HasPrefix(d.String(), "ds: f: 1000 B in") || strings.Count(d.String(), "\n") != 1 {
		t.Errorf("text written to a display: %q, want only the closing line (size and time)", d.String())
	}
	n := len(d.lines)
	if n == 0 || n > 3 { // the first write, maybe one more if the machine stalls 200 ms, and the end
		t.Fatalf("%d states shown for a quick transfer, want 2: %q", n, d.lines)
	}
	if d.done[n-1] != 1000 || d.total[n-1] != 1000 || !strings.HasPrefix(d.lines[n-1], "ds: f 1000 B / 1000 B (100%)") {
		t.Errorf("last state %q, %d / %d bytes", d.lines[n-1], d.done[n-1], d.total[n-1])
	}

	defer func() { DefaultProgress = nil }()
	DefaultProgress = d
	if defaultProgress() != d {
		t.Error("DefaultProgress not used")
	}
	DefaultProgress = nil
	if defaultProgress() != os.Stderr {
		t.Error("no DefaultProgress: not os.Stderr")
	}
}
