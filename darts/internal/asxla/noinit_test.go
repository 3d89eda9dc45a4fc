package asxla_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/asxla"
	"github.com/dartsml/godarts/darts/rnn"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestNoInitialiserGraphReachesXLA runs the first calls of every path that builds graphs
// (search, in the order `darts bench` makes them: Evaluate, Compile, Step; training, whose
// selection and random baseline use the same trainer; recurrent search and training; each
// starting with an evaluation and with a step) on a backend that reports itself as XLA: none
// may build GoMLX's variable-initialisation graph or another random-number graph on it. Off
// darts-cpu, variables are initialised on the host (backend.InitializeOnHost).
func TestNoInitialiserGraphReachesXLA(t *testing.T) {
	// Each path gets its own tensors: a tensor fed to a backend is tied to it until finalised.
	rng := rand.New(rand.NewPCG(1, 2))
	images := func(n, size int) (*tensors.Tensor, *tensors.Tensor) {
		pix := make([]float32, n*size*size*3)
		for i := range pix {
			pix[i] = float32(rng.NormFloat64())
		}
		labels := make([]int32, n)
		for i := range labels {
			labels[i] = int32(rng.IntN(10))
		}
		return tensors.FromFlatDataAndDimensions(pix, n, size, size, 3), tensors.FromFlatDataAndDimensions(labels, n)
	}
	const vocab, steps, batch = 12, 3, 2
	text := func() (*tensors.Tensor, *tensors.Tensor) {
		tokens := make([]int32, (steps+1)*batch)
		for i := range tokens {
			tokens[i] = int32(i % vocab)
		}
		return tensors.FromFlatDataAndDimensions(tokens[:steps*batch], steps, batch),
			tensors.FromFlatDataAndDimensions(tokens[batch:], steps, batch)
	}

	paths := map[string]func(t *testing.T, b *asxla.Backend) error{
		"search: Evaluate, Compile, Step (darts bench)": func(t *testing.T, b *asxla.Backend) error {
			s := newSearcher(t, b)
			x, y := images(2, 8)
			xv, yv := images(2, 8)
			if _, _, err := s.Evaluate(x, y); err != nil {
				return err
			}
			if err := s.Compile(x, y, xv, yv, 0.025); err != nil {
				return err
			}
			_, err := s.Step(x, y, xv, yv, 0.025)
			return err
		},
		"search: Step, Evaluate (search loop)": func(t *testing.T, b *asxla.Backend) error {
			s := newSearcher(t, b)
			x, y := images(2, 8)
			xv, yv := images(2, 8)
			if _, err := s.Step(x, y, xv, yv, 0.025); err != nil {
				return err
			}
			_, _, err := s.Evaluate(x, y)
			return err
		},
		"train: Evaluate, Step (train, select, random-search)": func(t *testing.T, b *asxla.Backend) error {
			tr := newTrainer(t, b)
			x, y := images(2, 32)
			if _, _, err := tr.Evaluate(x, y); err != nil {
				return err
			}
			_, err := tr.Step(x, y, 0.025, 0.2)
			return err
		},
		"train: Step first": func(t *testing.T, b *asxla.Backend) error {
			x, y := images(2, 32)
			_, err := newTrainer(t, b).Step(x, y, 0.025, 0.2)
			return err
		},
		"rnn search: Evaluate, Step": func(t *testing.T, b *asxla.Backend) error {
			tx, ty := text()
			net := rnn.Config{Vocab: vocab, Hidden: 4, Steps: 2, Output: 0.1, HiddenDrop: 0.1, X: 0.1, Input: 0.1}
			s, err := rnn.NewSearcher(b, net, rnn.PaperArchitect(2, false), 1)
			if err != nil {
				return err
			}
			if _, _, err := s.Evaluate(tx, ty, net.ZeroHidden(batch)); err != nil {
				return err
			}
			_, err = s.Step(tx, ty, net.ZeroHidden(batch), tx, ty, net.ZeroHidden(batch), 1)
			return err
		},
		"rnn train: Evaluate, Step, averaged (train-rnn, select-rnn)": func(t *testing.T, b *asxla.Backend) error {
			tx, ty := text()
			g, err := genotype.LookupRecurrent("DARTS")
			if err != nil {
				return err
			}
			net := rnn.Config{Vocab: vocab, Hidden: 4, Genotype: &g, Output: 0.1, HiddenDrop: 0.1, X: 0.1, Input: 0.1, Embedding: 0.1}
			tr, err := rnn.NewTrainer(b, net, rnn.PaperTrain(), 3)
			if err != nil {
				return err
			}
			if _, _, err := tr.Evaluate(tx, ty, net.ZeroHidden(batch), false); err != nil {
				return err
			}
			for _, averaged := range []bool{false, true} {
				if _, _, _, err := tr.Step(tx, ty, net.ZeroHidden(batch), 1, averaged); err != nil {
					return err
				}
			}
			_, _, err = tr.Evaluate(tx, ty, net.ZeroHidden(batch), true)
			return err
		},
	}
	for name, run := range paths {
		t.Run(name, func(t *testing.T) {
			b, err := asxla.New()
			if err != nil {
				t.Fatal(err)
			}
			defer b.Finalize()
			if err := run(t, b); err != nil {
				t.Fatal(err)
			}
			graphs := b.Graphs()
			if len(graphs) == 0 {
				t.Fatal("no graph reached the backend: the recorder is not in the path")
			}
			for _, g := range graphs {
				if l := strings.ToLower(g); strings.Contains(l, "initiali") || strings.Contains(l, "rng") || strings.Contains(l, "random") {
					t.Errorf("graph %q reached XLA; all graphs: %q", g, graphs)
				}
			}
		})
	}
}

func newSearcher(t *testing.T, b *asxla.Backend) *search.Searcher {
	cfg := search.QuickRunConfig(1)
	cfg.Net = search.Config{C: 2, Layers: 2, NumClasses: 10}
	s, err := search.NewSearcher(b, cfg.Net, cfg.Architect(), 7)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newTrainer(t *testing.T, b *asxla.Backend) *train.Trainer {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	cfg := train.PaperCIFAR(g)
	cfg.Net.C, cfg.Net.Layers = 4, 3
	tr, err := train.NewTrainer(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
