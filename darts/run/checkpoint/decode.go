package checkpoint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// checkpoint is a decoded checkpoint file, not yet applied to a context.
type checkpoint struct {
	path     string
	meta     []byte                     // the caller's state, JSON
	identity map[string]json.RawMessage // IdentityFiles at save time (empty for version 2)
	vars     []storedVar
}

type storedVar struct {
	scope, name string
	trainable   bool
	value       *tensors.Tensor
}

// maxRank bounds a stored variable's rank; every length and dimension is also bounded by the
// bytes actually present, so a damaged (or hostile) file with a valid CRC gets an error, never a
// panic or an allocation larger than the file.
const maxRank = 16

// decodeCheckpoint parses a checkpoint file's bytes, checking its CRC and every length and shape.
func decodeCheckpoint(data []byte) (*checkpoint, error) {
	magic := ""
	if len(data) >= len(checkpointMagic) {
		magic = string(data[:len(checkpointMagic)])
	}
	if len(data) < len(checkpointMagic)+4 || (magic != checkpointMagic && magic != checkpointMagicV2) {
		return nil, fmt.Errorf("not a checkpoint (expected it to start with %q)", checkpointMagic)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("corrupt: CRC-32 mismatch (truncated or damaged file)")
	}
	r := bytes.NewReader(body[len(checkpointMagic):])
	ck := &checkpoint{identity: map[string]json.RawMessage{}}
	var err error
	if ck.meta, err = readBytes(r); err != nil {
		return nil, fmt.Errorf("reading state: %v", err)
	}
	if !json.Valid(ck.meta) {
		return nil, errors.New("decoding state: not JSON")
	}
	if magic == checkpointMagic {
		id, err := readBytes(r)
		if err != nil {
			return nil, fmt.Errorf("reading the run's identity: %v", err)
		}
		if err := json.Unmarshal(id, &ck.identity); err != nil {
			return nil, fmt.Errorf("decoding the run's identity: %v", err)
		}
	}
	var count uint32
	if err := binary.Read(r, binary.LittleEndian, &count); err != nil {
		return nil, fmt.Errorf("reading variable count: %v", err)
	}
	for i := 0; i < int(count); i++ {
		v, err := readVariable(r)
		if err != nil {
			return nil, fmt.Errorf("variable #%d%s", i, err)
		}
		ck.vars = append(ck.vars, v)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%d bytes after the last variable", r.Len())
	}
	return ck, nil
}

// readVariable reads one variable; errors start with ": " or " (scope/name): " to follow "#i".
func readVariable(r *bytes.Reader) (storedVar, error) {
	scope, err1 := readBytes(r)
	name, err2 := readBytes(r)
	dtypeName, err3 := readBytes(r)
	if err := errors.Join(err1, err2, err3); err != nil {
		return storedVar{}, fmt.Errorf(": %v", err)
	}
	v := storedVar{scope: string(scope), name: string(name)}
	fail := func(format string, args ...any) (storedVar, error) {
		return storedVar{}, fmt.Errorf(" (%s/%s): %s", scope, name, fmt.Sprintf(format, args...))
	}
	trainable, err := r.ReadByte()
	if err != nil {
		return fail("%v", err)
	}
	v.trainable = trainable == 1
	var rank uint32
	if err := binary.Read(r, binary.LittleEndian, &rank); err != nil || rank > maxRank {
		return fail("bad rank")
	}
	dims := make([]int, rank)
	for k := range dims {
		var d uint64
		if err := binary.Read(r, binary.LittleEndian, &d); err != nil {
			return fail("%v", err)
		}
		if d > math.MaxInt32 {
			return fail("dimension %d out of range", int64(d))
		}
		dims[k] = int(d)
	}
	raw, err := readBytes(r)
	if err != nil {
		return fail("%v", err)
	}
	if v.value, err = tensorFromRaw(string(dtypeName), dims, raw); err != nil {
		return fail("%v", err)
	}
	return v, nil
}

// elementSizes are the dtypes checkpoints hold and their sizes in bytes.
var elementSizes = map[string]int{
	dtypes.Float32.String(): 4, dtypes.Float64.String(): 8, dtypes.Int32.String(): 4,
	dtypes.Int64.String(): 8, dtypes.Uint64.String(): 8,
}

// tensorFromRaw builds a tensor of dims from its little-endian bytes, after checking that the
// bytes are exactly the shape's size (so nothing is allocated beyond what the file holds).
func tensorFromRaw(dtypeName string, dims []int, raw []byte) (*tensors.Tensor, error) {
	size, ok := elementSizes[dtypeName]
	if !ok {
		return nil, fmt.Errorf("unknown dtype %q", dtypeName)
	}
	n := 1
	for _, d := range dims {
		if d != 0 && n > len(raw)/d {
			return nil, fmt.Errorf("shape %v larger than its %d bytes of data", dims, len(raw))
		}
		n *= d
	}
	if len(raw) != n*size {
		return nil, fmt.Errorf("%d bytes of data for %d %s values", len(raw), n, dtypeName)
	}
	r := bytes.NewReader(raw)
	var flat any
	switch dtypeName {
	case dtypes.Float32.String():
		flat = make([]float32, n)
	case dtypes.Float64.String():
		flat = make([]float64, n)
	case dtypes.Int32.String():
		flat = make([]int32, n)
	case dtypes.Int64.String():
		flat = make([]int64, n)
	case dtypes.Uint64.String():
		flat = make([]uint64, n)
	}
	if err := binary.Read(r, binary.LittleEndian, flat); err != nil {
		return nil, err
	}
	switch f := flat.(type) {
	case []float32:
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case []float64:
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case []int32:
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case []int64:
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	default:
		return tensors.FromFlatDataAndDimensions(flat.([]uint64), dims...), nil
	}
}

// rawBytes returns the little-endian bytes of a tensor of a supported dtype.
func rawBytes(t *tensors.Tensor) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch t.DType() {
	case dtypes.Float32:
		tensors.MustConstFlatData(t, func(f []float32) { err = binary.Write(&buf, binary.LittleEndian, f) })
	case dtypes.Float64:
		tensors.MustConstFlatData(t, func(f []float64) { err = binary.Write(&buf, binary.LittleEndian, f) })
	case dtypes.Int32:
		tensors.MustConstFlatData(t, func(f []int32) { err = binary.Write(&buf, binary.LittleEndian, f) })
	case dtypes.Int64:
		tensors.MustConstFlatData(t, func(f []int64) { err = binary.Write(&buf, binary.LittleEndian, f) })
	case dtypes.Uint64:
		tensors.MustConstFlatData(t, func(f []uint64) { err = binary.Write(&buf, binary.LittleEndian, f) })
	default:
		return nil, fmt.Errorf("dtype %s not supported in checkpoints", t.DType())
	}
	return buf.Bytes(), err
}
