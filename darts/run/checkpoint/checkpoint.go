package checkpoint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// checkpointMagic starts every checkpoint file; the version digit changes with the format.
// Version 3 added the run's identity (IdentityFiles); version 2 files are still read.
const (
	checkpointMagic   = "DARTSCK3"
	checkpointMagicV2 = "DARTSCK2"
)

// PreviousSuffix names the checkpoint before the newest one (checkpoint.bin.prev): a damaged
// newest checkpoint falls back to it.
const PreviousSuffix = ".prev"

// IdentityFiles are the files of the run directory that a checkpoint stores, as they were when
// it was written: the run's whole configuration and the identity of its data. -resume compares
// them with the folder's files and the flags given, so it can refuse to continue a different run.
var IdentityFiles = []string{run.ConfigFile, run.DataFile}

// Warn reports a recovered problem (a damaged newest checkpoint); tests replace it.
var Warn = func(msg string) { fmt.Fprintln(os.Stderr, msg) }

// Save writes every variable of ctx (weights, α, optimiser state, batch-norm statistics),
// the caller's state (epoch, step, data order, ...; any JSON value) and the run's identity (the
// IdentityFiles beside path) to path, atomically and with a CRC-32 of the content, so a crash
// mid-write leaves the previous checkpoint intact. The checkpoint it replaces is kept as
// path+PreviousSuffix.
func Save(path string, ctx *context.Context, state any) error {
	meta, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("checkpoint: encoding state: %w", err)
	}
	identity := map[string]json.RawMessage{}
	for _, name := range IdentityFiles {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(path), name))
		if err == nil && json.Valid(data) {
			identity[name] = json.RawMessage(bytes.TrimSpace(data))
		}
	}
	idJSON, err := json.Marshal(identity)
	if err != nil {
		return fmt.Errorf("checkpoint: encoding identity: %w", err)
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
	writeBytes(&buf, idJSON)
	binary.Write(&buf, binary.LittleEndian, uint32(len(vars)))
	for _, v := range vars {
		value, err := v.Value()
		if err != nil {
			return fmt.Errorf("checkpoint: variable %s: %w", v.ScopeAndName(), err)
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
			return fmt.Errorf("checkpoint: variable %s: %w", v.ScopeAndName(), err)
		}
		writeBytes(&buf, raw)
	}
	binary.Write(&buf, binary.LittleEndian, crc32.ChecksumIEEE(buf.Bytes()))
	if err := keepPrevious(path); err != nil {
		return err
	}
	return run.WriteFileAtomic(path, buf.Bytes())
}

// keepPrevious makes path+PreviousSuffix name the current checkpoint (a hard link, so path
// itself never disappears; a copy where links are not supported) before path is replaced.
func keepPrevious(path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil // the first checkpoint
	}
	prev := path + PreviousSuffix
	tmp := prev + ".tmp"
	os.Remove(tmp)
	if err := os.Link(path, tmp); err != nil {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("checkpoint: keeping the previous one: %w", err)
		}
		return run.WriteFileAtomic(prev, data)
	}
	if err := os.Rename(tmp, prev); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("checkpoint: keeping the previous one: %w", err)
	}
	return nil
}

// Load restores every variable stored in path into ctx (creating the ones ctx lacks,
// e.g. optimiser state) and decodes the saved state into state. A damaged or unreadable newest
// checkpoint falls back to the previous one (path+PreviousSuffix) with a warning; ctx and state
// are only changed once a checkpoint has been read whole.
func Load(path string, ctx *context.Context, state any) error {
	ck, err := readNewestValid(path, true)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(ck.meta, state); err != nil {
		return fmt.Errorf("checkpoint %s: decoding state: %v", ck.path, err)
	}
	for _, v := range ck.vars {
		if cur := ctx.GetVariableByScopeAndName(v.scope, v.name); cur != nil {
			if !cur.Shape().Equal(v.value.Shape()) {
				return fmt.Errorf("checkpoint %s: variable %s/%s has shape %s in the checkpoint but %s in the model",
					ck.path, v.scope, v.name, v.value.Shape(), cur.Shape())
			}
			if err := cur.SetValue(v.value); err != nil {
				return fmt.Errorf("checkpoint %s: variable %s/%s: %v", ck.path, v.scope, v.name, err)
			}
		} else {
			ctx.InAbsPath(v.scope).VariableWithValue(v.name, v.value).SetTrainable(v.trainable)
		}
	}
	return nil
}

// ReadIdentity returns the identity files stored in the checkpoint that Load would load, by
// file name. Checkpoints written before identities were stored have none, but the loops' states
// hold their configuration as "Config": that stands in for run.ConfigFile.
func ReadIdentity(path string) (map[string]json.RawMessage, error) {
	ck, err := readNewestValid(path, false)
	if err != nil {
		return nil, err
	}
	if _, ok := ck.identity[run.ConfigFile]; !ok {
		var st struct{ Config json.RawMessage }
		if json.Unmarshal(ck.meta, &st) == nil && len(st.Config) > 0 && string(st.Config) != "null" {
			ck.identity[run.ConfigFile] = st.Config
		}
	}
	return ck.identity, nil
}

// readNewestValid reads path, or, when it is missing or damaged and a previous checkpoint is
// readable, that one (warning about it when warn is set).
func readNewestValid(path string, warn bool) (*checkpoint, error) {
	ck, err := readCheckpoint(path)
	if err == nil {
		return ck, nil
	}
	prev, perr := readCheckpoint(path + PreviousSuffix)
	if perr != nil {
		return nil, err
	}
	if warn {
		Warn(fmt.Sprintf("warning: %v; resuming from the previous checkpoint %s instead", err, prev.path))
	}
	return prev, nil
}

// readCheckpoint reads and checks a whole checkpoint file.
func readCheckpoint(path string) (*checkpoint, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	ck, err := decodeCheckpoint(data)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	ck.path = path
	return ck, nil
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
