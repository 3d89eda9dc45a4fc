package checkpoint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// FuzzCheckpoint feeds the decoder arbitrary bytes, with the CRC made valid so the fuzzer gets
// past it: it must return an error or a checkpoint, never panic or allocate beyond the input.
func FuzzCheckpoint(f *testing.F) {
	dir := f.TempDir()
	ctx := context.New()
	ctx.In("m").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1, 2, 3, 4, 5, 6}, 2, 3))
	ctx.In("m").VariableWithValue("s", tensors.FromScalar(int64(7)))
	path := filepath.Join(dir, "seed.bin")
	if err := Save(path, ctx, map[string]int{"epoch": 1}); err != nil {
		f.Fatal(err)
	}
	seed, _ := os.ReadFile(path)
	f.Add(seed)
	f.Add([]byte(checkpointMagic + "\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 4 {
			data = withCRC(data)
		}
		ck, err := decodeCheckpoint(data)
		if err != nil {
			return
		}
		for _, v := range ck.vars {
			if v.value.Shape().Memory() > uintptr(len(data)) {
				t.Fatalf("variable %s/%s of %d bytes from %d bytes of input", v.scope, v.name, v.value.Shape().Memory(), len(data))
			}
		}
	})
}
