package checkpoint

import (
	"os"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func TestCheckpointRoundTrip(t *testing.T) {
	ctx := context.New()
	ctx.In("model").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1.5, -2, 3.25, 4}, 2, 2))
	ctx.InAbsPath("/optimizer/sgd").VariableWithValue("step", tensors.FromScalar(int64(7))).SetTrainable(false)
	ctx.In("other").VariableWithValue("d", tensors.FromFlatDataAndDimensions([]float64{0.1, 0.2}, 2))
	path := t.TempDir() + "/ck.bin"
	type state struct {
		Epoch int
		Data  []uint64
	}
	if err := Save(path, ctx, state{Epoch: 3, Data: []uint64{1, 2}}); err != nil {
		t.Fatal(err)
	}
	fresh := context.New()
	fresh.In("model").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{0, 0, 0, 0}, 2, 2))
	var got state
	if err := Load(path, fresh, &got); err != nil {
		t.Fatal(err)
	}
	if got.Epoch != 3 || len(got.Data) != 2 || got.Data[1] != 2 {
		t.Fatalf("state %+v", got)
	}
	w := tensors.MustCopyFlatData[float32](fresh.GetVariableByScopeAndName("/model", "w").MustValue())
	if w[0] != 1.5 || w[3] != 4 {
		t.Fatalf("restored w = %v", w)
	}
	step := fresh.GetVariableByScopeAndName("/optimizer/sgd", "step")
	if step == nil || step.MustValue().Value().(int64) != 7 || step.Trainable {
		t.Fatalf("optimizer state not restored (or restored as trainable): %v", step)
	}
	d := tensors.MustCopyFlatData[float64](fresh.GetVariableByScopeAndName("/other", "d").MustValue())
	if d[1] != 0.2 {
		t.Fatalf("restored d = %v", d)
	}
}

func TestCheckpointErrors(t *testing.T) {
	dir := t.TempDir()
	ctx := context.New()
	ctx.In("m").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1, 2}, 2))
	path := dir + "/ck.bin"
	if err := Save(path, ctx, map[string]int{"epoch": 1}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	var st map[string]int
	// Truncated file.
	os.WriteFile(dir+"/short.bin", data[:len(data)-3], 0o644)
	if err := Load(dir+"/short.bin", context.New(), &st); err == nil || !strings.Contains(err.Error(), "short.bin") {
		t.Errorf("truncated checkpoint: got %v", err)
	}
	// Flipped byte.
	bad := append([]byte(nil), data...)
	bad[len(bad)/2] ^= 0xff
	os.WriteFile(dir+"/bad.bin", bad, 0o644)
	if err := Load(dir+"/bad.bin", context.New(), &st); err == nil || !strings.Contains(err.Error(), "CRC") {
		t.Errorf("damaged checkpoint: got %v", err)
	}
	// Not a checkpoint.
	os.WriteFile(dir+"/x.bin", []byte("hello world"), 0o644)
	if err := Load(dir+"/x.bin", context.New(), &st); err == nil || !strings.Contains(err.Error(), "not a checkpoint") {
		t.Errorf("foreign file: got %v", err)
	}
	// Shape mismatch names the variable.
	other := context.New()
	other.In("m").VariableWithValue("w", tensors.FromFlatDataAndDimensions([]float32{1, 2, 3}, 3))
	if err := Load(path, other, &st); err == nil || !strings.Contains(err.Error(), "/m/w") {
		t.Errorf("shape mismatch: got %v", err)
	}
}
