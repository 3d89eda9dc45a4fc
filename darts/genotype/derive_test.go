package genotype

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// deriveCasesPath is the reference's α → genotype cases, shared beside the repository. The
// DARTS_REFERENCE_DIR environment variable points elsewhere when the checkout lives elsewhere.
func deriveCasesPath() string {
	if dir := os.Getenv("DARTS_REFERENCE_DIR"); dir != "" {
		return filepath.Join(dir, "derive_cases.json")
	}
	return filepath.Join("..", "..", "..", "shared", "reference", "derive_cases.json")
}

type deriveCase struct {
	Normal    [][]float32 `json:"normal"`
	Reduce    [][]float32 `json:"reduce"`
	Recurrent [][]float32 `json:"recurrent"`
	// Expect holds both genotypes in one object: normal, normal_concat, reduce, reduce_concat,
	// recurrent, recurrent_concat.
	Expect map[string]json.RawMessage `json:"expect"`
}

type deriveCases struct {
	CNNPrimitives []string     `json:"cnn_primitives"`
	RNNPrimitives []string     `json:"rnn_primitives"`
	Cases         []deriveCase `json:"cases"`
}

func loadDeriveCases(t *testing.T) deriveCases {
	t.Helper()
	path := deriveCasesPath()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("reference derive cases not found at %s (set DARTS_REFERENCE_DIR to the folder holding derive_cases.json)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var cases deriveCases
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases.Cases) == 0 {
		t.Fatalf("%s holds no cases", path)
	}
	return cases
}

func TestPrimitivesMatchReferenceCases(t *testing.T) {
	cases := loadDeriveCases(t)
	if strings.Join(cases.CNNPrimitives, ",") != strings.Join(CNNPrimitives, ",") {
		t.Errorf("CNN primitives %v, reference %v", CNNPrimitives, cases.CNNPrimitives)
	}
	if strings.Join(cases.RNNPrimitives, ",") != strings.Join(RNNPrimitives, ",") {
		t.Errorf("RNN primitives %v, reference %v", RNNPrimitives, cases.RNNPrimitives)
	}
}

// TestDeriveMatchesReference reproduces every reference case exactly, CNN and recurrent.
func TestDeriveMatchesReference(t *testing.T) {
	cases := loadDeriveCases(t)
	for i, c := range cases.Cases {
		var want Genotype
		if err := json.Unmarshal(pick(t, c.Expect, "normal", "normal_concat", "reduce", "reduce_concat"), &want); err != nil {
			t.Fatalf("case %d: expected CNN genotype: %v", i, err)
		}
		var wantRec Recurrent
		if err := json.Unmarshal(pick(t, c.Expect, "recurrent", "recurrent_concat"), &wantRec); err != nil {
			t.Fatalf("case %d: expected recurrent genotype: %v", i, err)
		}

		got, err := DeriveCNN(c.Normal, c.Reduce, 4, 4)
		if err != nil {
			t.Fatalf("case %d: DeriveCNN: %v", i, err)
		}
		if !got.Equal(want) {
			t.Errorf("case %d CNN:\n got  %v\n want %v", i, got, want)
		}

		gotRec, err := DeriveRecurrent(c.Recurrent, 8)
		if err != nil {
			t.Fatalf("case %d: DeriveRecurrent: %v", i, err)
		}
		if !gotRec.Equal(wantRec) {
			t.Errorf("case %d recurrent:\n got  %v\n want %v", i, gotRec, wantRec)
		}
	}
	t.Logf("reproduced %d reference cases (CNN and recurrent)", len(cases.Cases))
}

// pick re-encodes the named fields of obj as a JSON object, so each genotype type reads only its
// own fields (their decoders reject unknown ones).
func pick(t *testing.T, obj map[string]json.RawMessage, keys ...string) []byte {
	t.Helper()
	sub := make(map[string]json.RawMessage, len(keys))
	for _, k := range keys {
		v, ok := obj[k]
		if !ok {
			t.Fatalf("expected genotype lacks %q", k)
		}
		sub[k] = v
	}
	data, err := json.Marshal(sub)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDeriveTieBreaking pins the reference's tie rules on hand-made α: equal edge strengths keep
// the lower state first, equal op weights keep the earlier primitive, and none never wins.
func TestDeriveTieBreaking(t *testing.T) {
	flat := zeros(14, 8) // every weight equal: all ties
	g, err := DeriveCNN(flat, flat, 4, 4)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range g.Normal {
		if want := (Edge{Op: "max_pool_3x3", From: i % 2}); e != want {
			t.Errorf("flat α edge %d = %v, want %v", i, e, want)
		}
	}

	normal := zeros(14, 8)
	normal[0][0] = 5 // none dominates state 0 of node 0 but does not count
	normal[0][6] = 1 // dil_conv_3x3 is state 0's best real op
	normal[1][4] = 2 // sep_conv_3x3 on state 1 is the strongest edge of node 0
	normal[4][5] = 3 // node 1: state 2 is strongest (rows 2..4 are states 0..2)
	normal[3][7] = 1 // node 1: state 1 beats state 0
	normal[3][2] = 1 // ... with a tie between avg_pool_3x3 and dil_conv_5x5: the earlier wins
	g, err = DeriveCNN(normal, flat, 4, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []Edge{{"sep_conv_3x3", 1}, {"dil_conv_3x3", 0}, {"sep_conv_5x5", 2}, {"avg_pool_3x3", 1}}
	for i, e := range want {
		if g.Normal[i] != e {
			t.Errorf("edge %d = %v, want %v (cell %s)", i, g.Normal[i], e, g.Summary())
		}
	}
}

func TestDeriveConcatFollowsMultiplier(t *testing.T) {
	g, err := DeriveCNN(zeros(5, 8), zeros(5, 8), 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Normal) != 4 || len(g.NormalConcat) != 1 || g.NormalConcat[0] != 3 || g.ReduceConcat[0] != 3 {
		t.Errorf("steps 2, multiplier 1: %s", g.Summary())
	}
	if err := g.Validate(); err != nil {
		t.Error(err)
	}
}

func TestDeriveRecurrentTies(t *testing.T) {
	r, err := DeriveRecurrent(zeros(36, 5), 8)
	if err != nil {
		t.Fatal(err)
	}
	want := "recurrent: tanh(0) tanh(0) tanh(0) tanh(0) tanh(0) tanh(0) tanh(0) tanh(0) concat 1..8"
	if r.Summary() != want {
		t.Errorf("flat α: %s, want %s", r.Summary(), want)
	}
	if err := r.Validate(); err != nil {
		t.Error(err)
	}
}

// TestDeriveCNNWeightsRanksAsGiven: weights that are already probabilities are ranked as they are.
// Edge 0 has the stronger op (0.10 against 0.09) but a large none; the softmax of the probability
// rows (DeriveCNN fed softmax(α) instead of α) would put edge 1 first (0.1201 against 0.1155).
func TestDeriveCNNWeightsRanksAsGiven(t *testing.T) {
	probs := [][]float32{
		{0.9, 0.1, 0, 0, 0, 0, 0, 0},
		{0.37, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09},
	}
	want := []Edge{{"max_pool_3x3", 0}, {"max_pool_3x3", 1}}
	g, err := DeriveCNNWeights(probs, probs, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Normal, want) || !slices.Equal(g.Reduce, want) {
		t.Errorf("DeriveCNNWeights: %v, %v; want %v", g.Normal, g.Reduce, want)
	}
	logits := make([][]float32, len(probs))
	for i, row := range probs {
		for _, p := range row {
			logits[i] = append(logits[i], float32(math.Log(max(float64(p), 1e-30))))
		}
	}
	if g, err := DeriveCNN(logits, logits, 1, 1); err != nil || !slices.Equal(g.Normal, want) {
		t.Errorf("DeriveCNN of the log-probabilities: %v (%v), want %v", g.Normal, err, want)
	}
	if g, _ := DeriveCNN(probs, probs, 1, 1); slices.Equal(g.Normal, want) {
		t.Errorf("DeriveCNN of the probabilities themselves: %v, expected the other order", g.Normal)
	}
	if _, err := DeriveCNNWeights(probs[:1], probs, 1, 1); err == nil || !strings.Contains(err.Error(), "rows") {
		t.Errorf("one row: %v, want a shape error", err)
	}
}
