package text

import "fmt"

// Stream is a token sequence laid out for truncated back-propagation through time: Batch
// columns, each a contiguous piece of the original sequence, read Steps rows deep. IDs is
// row-major [Steps, Batch], so IDs[t*Batch+j] is token t of column j, which is token
// j*Steps+t of the original sequence; a window of rows is then one contiguous sub-slice.
type Stream struct {
	IDs   []int32
	Steps int
	Batch int
}

// Batchify lays ids out as the reference's batchify does: it drops the last
// len(ids) mod batchSize tokens, cuts the rest into batchSize consecutive pieces and makes
// piece j column j. The hidden state of column j is then carried from one window to the next,
// since the window that follows in time is the next one down the same column.
//
// The reference would return an empty tensor for fewer than 2×batchSize tokens; that can
// yield no window at all, so it is an error here.
func Batchify(ids []int32, batchSize int) (Stream, error) {
	if batchSize <= 0 {
		return Stream{}, fmt.Errorf("text: batchify: batch size %d, want > 0", batchSize)
	}
	steps := len(ids) / batchSize
	if steps < 2 {
		return Stream{}, fmt.Errorf("text: batchify: %d tokens give %d rows of %d; need at least 2 rows (an input and its target)",
			len(ids), steps, batchSize)
	}
	out := make([]int32, steps*batchSize)
	for j := range batchSize {
		col := ids[j*steps : (j+1)*steps]
		for t, id := range col {
			out[t*batchSize+j] = id
		}
	}
	return Stream{IDs: out, Steps: steps, Batch: batchSize}, nil
}

// Row returns row t (one token of every column), sharing memory with s.
func (s Stream) Row(t int) []int32 { return s.IDs[t*s.Batch : (t+1)*s.Batch] }

// Window is the reference's get_batch(source, start, seq_len): seqLen is cut to
// Steps-1-start so that every input row has a target row, and input is rows
// [start, start+n) and target rows [start+1, start+1+n), both [n, Batch] row-major, where n
// is the returned length. Both share memory with s (no copy); do not modify them. n is 0 when
// start is at or past the last row.
func (s Stream) Window(start, seqLen int) (input, target []int32, n int) {
	n = min(seqLen, s.Steps-1-start)
	if start < 0 || n <= 0 {
		return nil, nil, 0
	}
	b := s.Batch
	return s.IDs[start*b : (start+n)*b], s.IDs[(start+1)*b : (start+1+n)*b], n
}
