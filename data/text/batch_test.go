package text

import (
	"slices"
	"strings"
	"testing"
)

func seq(n int) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(i)
	}
	return ids
}

func TestBatchifyLayout(t *testing.T) {
	// 23 tokens in 4 columns: 3 are dropped, each column is 5 consecutive tokens.
	s, err := Batchify(seq(23), 4)
	if err != nil {
		t.Fatal(err)
	}
	if s.Steps != 5 || s.Batch != 4 || len(s.IDs) != 20 {
		t.Fatalf("%d×%d, %d ids", s.Steps, s.Batch, len(s.IDs))
	}
	want := []int32{
		0, 5, 10, 15,
		1, 6, 11, 16,
		2, 7, 12, 17,
		3, 8, 13, 18,
		4, 9, 14, 19,
	}
	if !slices.Equal(s.IDs, want) {
		t.Errorf("layout %v, want %v", s.IDs, want)
	}
	if !slices.Equal(s.Row(2), []int32{2, 7, 12, 17}) {
		t.Errorf("row 2: %v", s.Row(2))
	}
}

func TestWindow(t *testing.T) {
	s, _ := Batchify(seq(20), 2) // column 0: 0..9, column 1: 10..19
	in, tg, n := s.Window(2, 3)
	if n != 3 || !slices.Equal(in, []int32{2, 12, 3, 13, 4, 14}) || !slices.Equal(tg, []int32{3, 13, 4, 14, 5, 15}) {
		t.Errorf("window(2,3): n %d, input %v, target %v", n, in, tg)
	}
	// Cut so that the last input row still has a target, as get_batch's min(…, len-1-i).
	if in, tg, n := s.Window(7, 35); n != 2 || !slices.Equal(in, []int32{7, 17, 8, 18}) || !slices.Equal(tg, []int32{8, 18, 9, 19}) {
		t.Errorf("window(7,35): n %d, input %v, target %v", n, in, tg)
	}
	for _, start := range []int{9, 10, -1} {
		if _, _, n := s.Window(start, 5); n != 0 {
			t.Errorf("window(%d): %d rows", start, n)
		}
	}
}

func TestBatchifyErrors(t *testing.T) {
	for _, tc := range []struct {
		n, batch int
		want     string
	}{{10, 0, "batch size 0"}, {10, -1, "batch size -1"}, {7, 4, "need at least 2 rows"}} {
		if _, err := Batchify(seq(tc.n), tc.batch); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Batchify(%d, %d): %v, want %q", tc.n, tc.batch, err, tc.want)
		}
	}
}
