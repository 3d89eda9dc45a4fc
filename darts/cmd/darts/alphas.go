package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
)

// alphaSet is the derive command's input: CNN (normal and reduce, together) and/or recurrent α.
type alphaSet struct {
	Normal    [][]float32 `json:"normal"`
	Reduce    [][]float32 `json:"reduce"`
	Recurrent [][]float32 `json:"recurrent"`
}

var alphaFields = []string{"normal", "reduce", "recurrent"}

// readAlphas reads and checks the file, with errors naming it and the offending field.
func readAlphas(path string) (alphaSet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return alphaSet{}, fmt.Errorf("reading alphas: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		if errors.As(err, new(*json.SyntaxError)) {
			return alphaSet{}, fmt.Errorf("%s: %s", path, describeJSONError(data, err))
		}
		return alphaSet{}, fmt.Errorf("%s: expected a JSON object with %s", path, wantedFields())
	}
	for name := range fields {
		if !slices.Contains(alphaFields, name) {
			return alphaSet{}, fmt.Errorf("%s: unknown field %q (expected %s)", path, name, wantedFields())
		}
	}
	// Decoding the whole file again (not each raw field) keeps error offsets file-relative.
	var set alphaSet
	if err := json.Unmarshal(data, &set); err != nil {
		return alphaSet{}, fmt.Errorf("%s: %s", path, describeJSONError(data, err))
	}
	for _, f := range []struct {
		name string
		m    [][]float32
	}{{"normal", set.Normal}, {"reduce", set.Reduce}, {"recurrent", set.Recurrent}} {
		if f.m != nil && len(f.m) == 0 {
			return alphaSet{}, fmt.Errorf("%s: field %q is empty", path, f.name)
		}
	}
	switch {
	case set.Normal != nil && set.Reduce == nil:
		return alphaSet{}, fmt.Errorf(`%s: has "normal" but no "reduce"; a CNN genotype needs both`, path)
	case set.Reduce != nil && set.Normal == nil:
		return alphaSet{}, fmt.Errorf(`%s: has "reduce" but no "normal"; a CNN genotype needs both`, path)
	case set.Normal == nil && set.Recurrent == nil:
		return alphaSet{}, fmt.Errorf("%s: no alphas: expected %s", path, wantedFields())
	}
	return set, nil
}

func wantedFields() string {
	return `"normal" and "reduce" (CNN) and/or "recurrent"`
}

// describeJSONError turns encoding/json's errors into text with a line and column.
func describeJSONError(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line, col := lineCol(data, syntax.Offset)
		return fmt.Sprintf("invalid JSON at line %d, column %d: %v", line, col, syntax)
	case errors.As(err, &typ) && strings.HasPrefix(typ.Value, "number "):
		// A number where a number belongs, that float32 cannot hold.
		line, col := lineCol(data, typ.Offset)
		return fmt.Sprintf("field %q: the number %s ending near line %d, column %d is out of float32's range (magnitude at most 3.4e38)",
			strings.SplitN(typ.Field, ".", 2)[0], strings.TrimPrefix(typ.Value, "number "), line, col)
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		return fmt.Sprintf("field %q: expected a matrix of numbers (a list of rows), found a JSON %s ending near line %d, column %d",
			strings.SplitN(typ.Field, ".", 2)[0], typ.Value, line, col)
	}
	return err.Error()
}

// lineCol converts a byte offset into 1-based line and column numbers.
func lineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
