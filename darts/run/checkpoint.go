package run

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sort"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// checkpointMagic starts every checkpoint file; the version digit changes with the format.
const checkpointMagic = "DARTSCK2"

// SaveCheckpoint writes every variable of ctx (weights, α, optimiser state, batch-norm statistics)
// and the caller's state (epoch, step, data order, ...; any JSON value) to path, atomically and
// with a CRC-32 of the content, so a crash mid-write leaves the previous checkpoint intact.
func SaveCheckpoint(path string, ctx *context.Context, state any) error {
	meta, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("run: encoding checkpoint state: %w", err)
	}
	var vars []*context.Variable
	for v := range ctx.IterVariables() {
		if v.HasValue() {
			vars = append(vars, v)
		}
	}
	sort.Slice(vars, func(i, j int) bool { return vars[i].ScopeAndName() < vars[j].ScopeAndName() })
	var buf bytes.Buffer
	buf.WriteString(checkpointMagic)
	writeBytes(&buf, meta)
	binary.Write(&buf, binary.LittleEndian, uint32(len(vars)))
	for _, v := range vars {
		value, err := v.Value()
		if err != nil {
			return fmt.Errorf("run: checkpoint: variable %s: %w", v.ScopeAndName(), err)
		}
		writeBytes(&buf, []byte(v.Scope()))
		writeBytes(&buf, []byte(v.Name()))
		writeBytes(&buf, []byte(value.DType().String()))
		trainable := byte(0)
		if v.Trainable {
			trainable = 1
		}
		buf.WriteByte(trainable)
		dims := value.Shape().Dimensions
		binary.Write(&buf, binary.LittleEndian, uint32(len(dims)))
		for _, d := range dims {
			binary.Write(&buf, binary.LittleEndian, uint64(d))
		}
		raw, err := rawBytes(value)
		if err != nil {
			return fmt.Errorf("run: checkpoint: variable %s: %w", v.ScopeAndName(), err)
		}
		writeBytes(&buf, raw)
	}
	binary.Write(&buf, binary.LittleEndian, crc32.ChecksumIEEE(buf.Bytes()))
	return WriteFileAtomic(path, buf.Bytes())
}

// LoadCheckpoint restores every variable stored in path into ctx (creating the ones ctx lacks,
// e.g. optimiser state) and decodes the saved state into state.
func LoadCheckpoint(path string, ctx *context.Context, state any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("run: checkpoint %s: %s", path, fmt.Sprintf(format, args...))
	}
	if len(data) < len(checkpointMagic)+4 || string(data[:len(checkpointMagic)]) != checkpointMagic {
		return fail("not a checkpoint (expected it to start with %q)", checkpointMagic)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return fail("corrupt: CRC-32 mismatch (truncated or damaged file)")
	}
	r := bytes.NewReader(body[len(checkpointMagic):])
	meta, err := readBytes(r)
	if err != nil {
		return fail("reading state: %v", err)
	}
	if err := json.Unmarshal(meta, state); err != nil {
		return fail("decoding state: %v", err)
	}
	var count uint32
	if err := binary.Read(r, binary.LittleEndian, &count); err != nil {
		return fail("reading variable count: %v", err)
	}
	for i := 0; i < int(count); i++ {
		scope, err1 := readBytes(r)
		name, err2 := readBytes(r)
		dtypeName, err3 := readBytes(r)
		if err := errors.Join(err1, err2, err3); err != nil {
			return fail("variable #%d: %v", i, err)
		}
		trainable, err := r.ReadByte()
		if err != nil {
			return fail("variable %s/%s: %v", scope, name, err)
		}
		var rank uint32
		if err := binary.Read(r, binary.LittleEndian, &rank); err != nil || rank > 16 {
			return fail("variable %s/%s: bad rank", scope, name)
		}
		dims := make([]int, rank)
		for k := range dims {
			var d uint64
			if err := binary.Read(r, binary.LittleEndian, &d); err != nil {
				return fail("variable %s/%s: %v", scope, name, err)
			}
			dims[k] = int(d)
		}
		raw, err := readBytes(r)
		if err != nil {
			return fail("variable %s/%s: %v", scope, name, err)
		}
		t, err := tensorFromRaw(string(dtypeName), dims, raw)
		if err != nil {
			return fail("variable %s/%s: %v", scope, name, err)
		}
		if v := ctx.GetVariableByScopeAndName(string(scope), string(name)); v != nil {
			if !v.Shape().Equal(t.Shape()) {
				return fail("variable %s/%s has shape %s in the checkpoint but %s in the model",
					scope, name, t.Shape(), v.Shape())
			}
			if err := v.SetValue(t); err != nil {
				return fail("variable %s/%s: %v", scope, name, err)
			}
		} else {
			ctx.InAbsPath(string(scope)).VariableWithValue(string(name), t).SetTrainable(trainable == 1)
		}
	}
	return nil
}

func writeBytes(w *bytes.Buffer, b []byte) {
	binary.Write(w, binary.LittleEndian, uint64(len(b)))
	w.Write(b)
}

func readBytes(r *bytes.Reader) ([]byte, error) {
	var n uint64
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return nil, err
	}
	if n > uint64(r.Len()) {
		return nil, io.ErrUnexpectedEOF
	}
	b := make([]byte, n)
	_, err := io.ReadFull(r, b)
	return b, err
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

func tensorFromRaw(dtypeName string, dims []int, raw []byte) (*tensors.Tensor, error) {
	n := 1
	for _, d := range dims {
		n *= d
	}
	r := bytes.NewReader(raw)
	decode := func(size int, flat any) error {
		if len(raw) != n*size {
			return fmt.Errorf("%d bytes of data for %d %s values", len(raw), n, dtypeName)
		}
		return binary.Read(r, binary.LittleEndian, flat)
	}
	switch dtypeName {
	case dtypes.Float32.String():
		f := make([]float32, n)
		if err := decode(4, f); err != nil {
			return nil, err
		}
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case dtypes.Float64.String():
		f := make([]float64, n)
		if err := decode(8, f); err != nil {
			return nil, err
		}
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case dtypes.Int32.String():
		f := make([]int32, n)
		if err := decode(4, f); err != nil {
			return nil, err
		}
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case dtypes.Int64.String():
		f := make([]int64, n)
		if err := decode(8, f); err != nil {
			return nil, err
		}
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	case dtypes.Uint64.String():
		f := make([]uint64, n)
		if err := decode(8, f); err != nil {
			return nil, err
		}
		return tensors.FromFlatDataAndDimensions(f, dims...), nil
	}
	return nil, fmt.Errorf("unknown dtype %q", dtypeName)
}
