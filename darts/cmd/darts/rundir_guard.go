package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unsafe"

	rundir "github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
)

// lockRunDir creates the run directory if needed and takes its writer lock (darts/run.Dir.Lock)
// for the rest of the command: a second search, training or selection in the same folder, or a
// -resume while the first run still goes, is refused with the holder's pid.
//
// A folder this call created is removed again on release if the command failed before writing
// its configuration (config.json, or selection.json for selections), so errors leave no empty
// run folders.
func lockRunDir(path string) (*rundir.Dir, func(), error) {
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	dir, err := rundir.Create(path)
	if err != nil {
		return nil, nil, err
	}
	unlock, err := dir.Lock()
	if err != nil {
		return nil, nil, err
	}
	release := func() {
		unlock()
		if !created {
			return
		}
		for _, f := range []string{rundir.ConfigFile, "selection.json"} {
			if _, err := os.Stat(dir.File(f)); err == nil {
				return
			}
		}
		for _, f := range []string{rundir.LockFile, rundir.DataFile} {
			os.Remove(dir.File(f))
		}
		os.Remove(dir.Path) // only if nothing else is left
	}
	// Temporary files of a writer killed mid-write (WriteFileAtomic's, the previous
	// checkpoint's link): nobody else writes here now, so they are stale.
	entries, _ := os.ReadDir(dir.Path)
	for _, e := range entries {
		for _, pattern := range []string{".*.tmp*", "*" + checkpoint.PreviousSuffix + ".tmp"} {
			if ok, _ := filepath.Match(pattern, e.Name()); ok && e.Type().IsRegular() {
				os.Remove(dir.File(e.Name()))
			}
		}
	}
	return dir, release, nil
}

// startAfresh clears the records of a run that was killed before its first checkpoint (so
// there is nothing to resume) before a new run starts in its folder, which must be locked.
func startAfresh(dir *rundir.Dir) error {
	for _, f := range []string{rundir.MetricsFile, rundir.AlphasFile, rundir.GenotypeFile, rundir.GenotypeText,
		rundir.CheckpointFile + checkpoint.PreviousSuffix} {
		if err := os.Remove(dir.File(f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("clearing the records of the unfinished run in %s: %w", dir.Path, err)
		}
	}
	return nil
}

// checkIdentity refuses to resume when the folder's configuration or data record differs from
// the one stored in the checkpoint (an edited config.json would otherwise change the run
// half-way: a seed redraws the data split, a size fails deep inside the graph).
func checkIdentity(dir *rundir.Dir) error {
	stored, err := checkpoint.ReadIdentity(dir.File(rundir.CheckpointFile))
	if err != nil {
		return err
	}
	for _, name := range checkpoint.IdentityFiles {
		want, ok := stored[name]
		if !ok {
			continue // checkpoints written before the identity was stored
		}
		have, err := os.ReadFile(dir.File(name))
		if err != nil {
			return fmt.Errorf("-resume: %w", err)
		}
		diffs, err := diffJSON(want, have)
		if err != nil {
			return fmt.Errorf("-resume: %s: %w", dir.File(name), err)
		}
		if len(diffs) > 0 {
			return fmt.Errorf("-resume: %s differs from the run its checkpoint belongs to (checkpoint → file): %s; "+
				"restore it, or start a new run in another folder", dir.File(name), strings.Join(diffs, ", "))
		}
	}
	return nil
}

// refuseChanges returns a usage error naming every field where the configuration the flags
// give differs from the stored one of the run being resumed.
func refuseChanges(what, path string, stored, fromFlags any) error {
	diffs, err := diffJSON(stored, fromFlags)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		return nil
	}
	return usagef("the flags change the %s of the run in %s (stored → flags): %s; "+
		"a run cannot change half-way: omit these flags to resume it, or start a new run in another folder",
		what, path, strings.Join(diffs, ", "))
}

// diffJSON compares two values (or raw JSON documents) field by field through their JSON form,
// so that every field of a configuration, including ones added later, is covered; it returns
// "path: a → b" for each difference, sorted.
func diffJSON(a, b any) ([]string, error) {
	fa, err := flatJSON(a)
	if err != nil {
		return nil, err
	}
	fb, err := flatJSON(b)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for k, va := range fa {
		if vb, ok := fb[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: %s → (none)", k, va))
		} else if va != vb {
			diffs = append(diffs, fmt.Sprintf("%s: %s → %s", k, va, vb))
		}
	}
	for k, vb := range fb {
		if _, ok := fa[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: (none) → %s", k, vb))
		}
	}
	sort.Strings(diffs)
	return diffs, nil
}

// flatJSON maps each leaf of v's JSON form to its JSON text, by dotted path (Net.Layers); a
// list is one leaf (a genotype's edges read better whole than one number at a time).
func flatJSON(v any) (map[string]string, error) {
	var raw []byte
	switch r := v.(type) {
	case json.RawMessage:
		raw = r
	case []byte:
		raw = r
	default:
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	out := map[string]string{}
	var walk func(prefix string, t any)
	walk = func(prefix string, t any) {
		join := func(k string) string {
			if prefix == "" {
				return k
			}
			return prefix + "." + k
		}
		switch t := t.(type) {
		case map[string]any:
			for k, c := range t {
				walk(join(k), c)
			}
		default:
			text, _ := json.Marshal(t)
			out[prefix] = string(text)
		}
	}
	walk("", tree)
	return out, nil
}

// checksum is the data identity stored in data.json: a CRC-32C of the loaded values, so that
// -resume refuses other data behind the same name (another corpus of the same vocabulary size, a
// changed image folder, another split).
func checksum[T int32 | float32](slices ...[]T) string {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	for _, s := range slices {
		if len(s) > 0 {
			h.Write(unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*4))
		}
		fmt.Fprintf(h, "|%d|", len(s))
	}
	return fmt.Sprintf("crc32c:%08x", h.Sum32())
}
