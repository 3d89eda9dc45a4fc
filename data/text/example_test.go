package text_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/text"
)

// Tokenise a small text, lay it out in two columns and walk it in fixed evaluation windows
// and in the random training windows of DARTS's rnn/train.py.
func Example() {
	vocab := text.NewVocab()
	ids, err := text.Tokenize("demo", []byte("the cat sat on the mat\nthe dog sat\n"), vocab)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(ids), "tokens,", vocab.Len(), "words:", strings.Join(vocab.Words(), " "))

	// 11 tokens make 5 rows × 2 columns (one dropped): column 0 is "the cat sat on the",
	// column 1 "mat <eos> the dog sat"; the last window is cut to the one row left.
	stream, err := text.Batchify(ids, 2)
	if err != nil {
		log.Fatal(err)
	}
	eval, _ := text.NewBPTT(stream, text.BPTTConfig{BPTT: 3, Mode: text.ModeEval})
	for w, ok := eval.Next(); ok; w, ok = eval.Next() {
		fmt.Println("input", vocab.Decode(w.Input), "target", vocab.Decode(w.Target))
	}

	long, _ := text.Batchify(make([]int32, 64*1000), 64)
	train, _ := text.NewBPTT(long, text.BPTTConfig{BPTT: 35, Mode: text.ModeTrain, Seed: 1})
	n, minLen, maxLen := 0, 1000, 0
	for w, ok := train.Next(); ok; w, ok = train.Next() {
		n++
		minLen, maxLen = min(minLen, w.Drawn), max(maxLen, w.Drawn)
	}
	fmt.Println(n > 25, minLen >= 5, maxLen <= 55)
	// Output:
	// 11 tokens, 7 words: the cat sat on mat <eos> dog
	// input [the mat cat <eos> sat the] target [cat <eos> sat the on dog]
	// input [on dog] target [the sat]
	// true true true
}

// Load Penn Treebank from wherever it is ($DARTS_DATA/ptb, ../shared/data/ptb, the cache),
// with the reference's batch sizes, and scale the learning rate per training window.
func ExampleLoadPTB() {
	dir, err := text.FindPTB("")
	if err != nil {
		log.Fatal(err)
	}
	corpus, err := text.LoadPTB(dir)
	if err != nil {
		log.Fatal(err)
	}
	train, _ := text.Batchify(corpus.Train, 64)
	valid, _ := text.Batchify(corpus.Valid, 10)
	it, _ := text.NewBPTT(train, text.BPTTConfig{Mode: text.ModeTrain, Seed: 2})
	for w, ok := it.Next(); ok; w, ok = it.Next() {
		lr := w.ScaleLR(20)
		_ = lr // one SGD step on w.Input → w.Target with this learning rate
	}
	eval, _ := text.NewBPTT(valid, text.BPTTConfig{Mode: text.ModeEval})
	fmt.Println(corpus.Vocab.Len(), eval.Config().BPTT)
}

// Find WikiText-2, or download it once (verified) into $DARTS_DATA or the user cache.
func ExampleEnsure() {
	dir, err := text.Ensure(context.Background(), fetch.Getter{}, "", text.WikiText2)
	if err != nil {
		log.Fatal(err)
	}
	corpus, err := text.LoadWikiText2(dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(corpus.Vocab.Len())
}
