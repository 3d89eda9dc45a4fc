package genotype

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRandomCNN: samples are valid genotypes, each node's two inputs differ, "none" never
// appears, and inputs and ops are uniform (χ²-style bounds over many samples).
func TestRandomCNN(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	opCount := map[string]int{}
	fromCount := map[int]int{} // inputs of node 3 (states 0..4)
	const samples = 2000
	for range samples {
		g := RandomCNN(rng, 4)
		if err := g.Validate(); err != nil {
			t.Fatalf("invalid sample %s: %v", g, err)
		}
		for i := 0; i < len(g.Normal); i += 2 {
			if g.Normal[i].From == g.Normal[i+1].From {
				t.Fatalf("node %d takes state %d twice: %s", i/2, g.Normal[i].From, g)
			}
		}
		for _, e := range g.Normal {
			opCount[e.Op]++
		}
		fromCount[g.Normal[6].From]++
		fromCount[g.Normal[7].From]++
	}
	if _, ok := opCount["none"]; ok || len(opCount) != 7 {
		t.Errorf("ops drawn: %v, want the 7 primitives other than none", opCount)
	}
	for op, n := range opCount {
		want := samples * 8 / 7.0
		if math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
			t.Errorf("op %s drawn %d times, want about %.0f", op, n, want)
		}
	}
	for from := range 5 {
		want := samples * 2 / 5.0
		if n := fromCount[from]; math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
			t.Errorf("node 3 took state %d %d times, want about %.0f", from, n, want)
		}
	}
}
