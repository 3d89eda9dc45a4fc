package checkpoint

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// withCRC replaces the last 4 bytes of a checkpoint with the CRC of the rest (a damaged file
// that the CRC does not catch, as a hostile one would be).
func withCRC(data []byte) []byte {
	out := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(out[len(out)-4:], crc32.ChecksumIEEE(out[:len(out)-4]))
	return out
}

func oneVarCheckpoint(t *testing.T, dir string) []byte {
	t.Helper()
	ctx := context.New()
	ctx.In("m").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1, 2, 3, 4, 5, 6}, 2, 3))
	path := filepath.Join(dir, "one.bin")
	if err := Save(path, ctx, map[string]int{"epoch": 1}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCheckpointBadShapeWithValidCRC: a dimension stored as -1 (or huge) with a valid CRC was a
// makeslice panic; now it is an error naming the variable.
func TestCheckpointBadShapeWithValidCRC(t *testing.T) {
	dir := t.TempDir()
	data := oneVarCheckpoint(t, dir)
	// The first dimension (2) sits right after the rank (2, uint32) of /m/w.
	i := strings.Index(string(data), dtypes.Float32.String()) + len(dtypes.Float32.String()) + 1 + 4
	if binary.LittleEndian.Uint64(data[i:]) != 2 {
		t.Fatalf("layout changed: no dimension 2 at %d", i)
	}
	for _, d := range []uint64{^uint64(0), 1 << 62, 1 << 31, 3} {
		bad := append([]byte(nil), data...)
		binary.LittleEndian.PutUint64(bad[i:], d)
		path := filepath.Join(dir, "bad.bin")
		os.WriteFile(path, withCRC(bad), 0o644)
		var st map[string]int
		err := Load(path, context.New(), &st)
		if err == nil || !strings.Contains(err.Error(), "/m/w") {
			t.Errorf("dimension %d: got %v, want an error naming /m/w", int64(d), err)
		}
	}
}

// TestCheckpointKeepsPreviousAndFallsBack: each save keeps the one before as .prev; a damaged
// newest checkpoint is replaced by it with a warning.
func TestCheckpointKeepsPreviousAndFallsBack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, run.CheckpointFile)
	ctx := context.New()
	w := ctx.In("m").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1, 2}, 2))
	for epoch := 1; epoch <= 3; epoch++ {
		w.MustSetValue(tensors.FromFlatDataAndDimensions([]float32{float32(epoch), 0}, 2))
		if err := Save(path, ctx, map[string]int{"epoch": epoch}); err != nil {
			t.Fatal(err)
		}
	}
	load := func() (int, float32, error) {
		fresh := context.New()
		var st map[string]int
		err := Load(path, fresh, &st)
		if err != nil {
			return 0, 0, err
		}
		return st["epoch"], tensors.MustCopyFlatData[float32](fresh.GetVariableByScopeAndName("/m", "w").MustValue())[0], nil
	}
	if e, v, err := load(); err != nil || e != 3 || v != 3 {
		t.Fatalf("newest: epoch %d w %g %v", e, v, err)
	}
	var warned []string
	Warn = func(msg string) { warned = append(warned, msg) }
	defer func() { Warn = func(msg string) { println(msg) } }()
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0x55
	os.WriteFile(path, data, 0o644)
	if e, v, err := load(); err != nil || e != 2 || v != 2 {
		t.Fatalf("damaged newest: epoch %d w %g %v; want the previous checkpoint (epoch 2)", e, v, err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "CRC") || !strings.Contains(warned[0], run.CheckpointFile+PreviousSuffix) {
		t.Errorf("warnings %q", warned)
	}
	os.WriteFile(path+PreviousSuffix, []byte("junk"), 0o644)
	if _, _, err := load(); err == nil || !strings.Contains(err.Error(), "CRC") {
		t.Errorf("both damaged: %v; want the newest's error", err)
	}
}

// TestReadIdentity: a checkpoint stores the folder's config.json and data.json as they were;
// without them (as checkpoints before identities were stored), the state's Config stands in.
func TestReadIdentity(t *testing.T) {
	dir := t.TempDir()
	ctx := context.New()
	ctx.In("m").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1}, 1))
	path := filepath.Join(dir, run.CheckpointFile)
	type state struct{ Config map[string]int }
	if err := Save(path, ctx, state{map[string]int{"seed": 7}}); err != nil {
		t.Fatal(err)
	}
	id, err := ReadIdentity(path)
	if err != nil || string(id[run.ConfigFile]) != `{"seed":7}` || id[run.DataFile] != nil {
		t.Fatalf("without identity files: %q, %v", id, err)
	}
	os.WriteFile(filepath.Join(dir, run.ConfigFile), []byte("{\n  \"seed\": 9\n}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, run.DataFile), []byte(`{"data": "synthetic"}`), 0o644)
	if err := Save(path, ctx, state{map[string]int{"seed": 7}}); err != nil {
		t.Fatal(err)
	}
	id, err = ReadIdentity(path)
	if err != nil || string(id[run.ConfigFile]) != `{"seed":9}` || string(id[run.DataFile]) != `{"data":"synthetic"}` {
		t.Fatalf("with identity files: %q, %v", id, err)
	}
}
