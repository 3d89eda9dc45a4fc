package mnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// IDX element types (the third byte of the magic number).
const (
	TypeUint8   = 0x08
	TypeInt8    = 0x09
	TypeInt16   = 0x0B
	TypeInt32   = 0x0C
	TypeFloat32 = 0x0D
	TypeFloat64 = 0x0E
)

var typeInfo = map[byte]struct {
	name string
	size int
}{
	TypeUint8: {"uint8", 1}, TypeInt8: {"int8", 1}, TypeInt16: {"int16", 2},
	TypeInt32: {"int32", 4}, TypeFloat32: {"float32", 4}, TypeFloat64: {"float64", 8},
}

// maxIDXBytes bounds what a header may announce before we allocate for it: a corrupt header
// must produce an error, not a multi-gigabyte allocation. The largest file here is 47 MB.
const maxIDXBytes = 1 << 31

// IDX is a parsed IDX file. Data holds the elements as stored (big-endian for multi-byte
// types), row-major over Dims.
type IDX struct {
	Type byte
	Dims []int
	Data []byte
}

// TypeName is the element type as a Go type name ("uint8", …).
func (x *IDX) TypeName() string { return typeInfo[x.Type].name }

// shape renders the dimensions as "60000x28x28".
func shape(dims []int) string {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = fmt.Sprint(d)
	}
	return strings.Join(s, "x")
}

// ReadIDX reads an IDX file, gunzipping it first when it starts with the gzip magic (whatever
// its name).
func ReadIDX(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	return ParseIDX(path, f)
}

// ParseIDX reads an IDX stream; name identifies it in errors. The stream must end right after
// the data the header announces.
func ParseIDX(name string, r io.Reader) (*IDX, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var in io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("mnist: %s: gzip header: %w", name, err)
		}
		defer zr.Close()
		in = zr
	}

	var head [4]byte
	if n, err := io.ReadFull(in, head[:]); err != nil {
		return nil, fmt.Errorf("mnist: %s: truncated: %d of the 4 magic-number bytes: %w", name, n, readErr(err))
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, fmt.Errorf("mnist: %s: magic number %#08x is not IDX (want 0x0000 then type and dimension count)",
			name, binary.BigEndian.Uint32(head[:]))
	}
	ti, ok := typeInfo[head[2]]
	if !ok {
		return nil, fmt.Errorf("mnist: %s: unknown IDX element type %#02x in the magic number", name, head[2])
	}
	nd := int(head[3])
	if nd == 0 {
		return nil, fmt.Errorf("mnist: %s: IDX header with 0 dimensions", name)
	}
	raw := make([]byte, 4*nd)
	if n, err := io.ReadFull(in, raw); err != nil {
		return nil, fmt.Errorf("mnist: %s: truncated header: %d of the %d bytes of %d dimension sizes: %w", name, n, len(raw), nd, readErr(err))
	}
	x := &IDX{Type: head[2], Dims: make([]int, nd)}
	total := int64(ti.size)
	for i := range x.Dims {
		x.Dims[i] = int(binary.BigEndian.Uint32(raw[4*i:]))
		total *= int64(x.Dims[i])
		if total > maxIDXBytes {
			return nil, fmt.Errorf("mnist: %s: header announces %s %s elements, over %d bytes: corrupt header",
				name, shape(x.Dims[:i+1]), ti.name, int64(maxIDXBytes))
		}
	}
	x.Data = make([]byte, total)
	if n, err := io.ReadFull(in, x.Data); err != nil {
		return nil, fmt.Errorf("mnist: %s: truncated: header says %s %s = %d bytes of data, got %d: %w",
			name, shape(x.Dims), ti.name, total, n, readErr(err))
	}
	// Trailing bytes mean the header and the data disagree; reading one more byte also makes
	// gzip verify its checksum, which it only does at the end of the stream.
	var extra [1]byte
	switch _, err := io.ReadFull(in, extra[:]); {
	case err == nil:
		return nil, fmt.Errorf("mnist: %s: data continues after the %d bytes the header (%s %s) announces", name, total, shape(x.Dims), ti.name)
	case err != io.EOF:
		return nil, fmt.Errorf("mnist: %s: after the data: %w", name, readErr(err))
	}
	return x, nil
}

// readErr names the failures a user can act on: a cut file reads as unexpected EOF, a damaged
// gzip stream as a checksum or header error.
func readErr(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("file ends early (%w)", io.ErrUnexpectedEOF)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("corrupt gzip data (%w)", err)
	}
	return err
}
