package fetch

import (
	"bytes"
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
