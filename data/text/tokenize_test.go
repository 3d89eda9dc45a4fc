package text

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestTokenizeGolden(t *testing.T) {
	v := NewVocab()
	ids, err := Tokenize("tiny", []byte(tiny[Train]), v)
	if err != nil {
		t.Fatal(err)
	}
	// Words get ids in order of appearance; EOS is added after the first line's words.
	if want := []int32{0, 1, 2, 3, 4, 5, 3}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if want := []string{"the", "cat", "sat", EOS, "a", "dog"}; !slices.Equal(v.Words(), want) {
		t.Errorf("vocabulary %q, want %q", v.Words(), want)
	}
	if id, ok := v.ID("dog"); !ok || id != 5 || v.Word(5) != "dog" {
		t.Errorf("ID(dog) = %d, %v", id, ok)
	}
	if _, ok := v.ID("bird"); ok {
		t.Error("bird should be unknown")
	}
}

// TestTokenizeLines pins the reference's line and word splitting (Python's universal newlines
// and str.split()) on the cases where a naive reimplementation differs.
func TestTokenizeLines(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no final newline", "a b", "a b <eos>"},
		{"empty lines", "\n\na\n", "<eos> <eos> a <eos>"},
		{"blank line", "  \t \n", "<eos>"},
		{"crlf", "a b\r\nc\r\n", "a b <eos> c <eos>"},
		{"lone cr", "a\rb\n", "a <eos> b <eos>"},
		{"cr at end", "a\r", "a <eos>"},
		{"vt and ff split words, not lines", "a\vb\fc\n", "a b c <eos>"},
		{"info separators are spaces in Python", "a\x1cb\x1fc", "a b c <eos>"},
		{"unicode spaces", "a\u00a0b\u3000c\u2028d\u0085e", "a b c d e <eos>"},
		{"zero-width space is not", "a\u200bb", "a\u200bb <eos>"},
		{"case and punctuation kept", "The <unk> , N\n", "The <unk> , N <eos>"},
	} {
		v := NewVocab()
		ids, err := Tokenize(tc.name, []byte(tc.in), v)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := strings.Join(words(v, ids), " "); got != tc.want {
			t.Errorf("%s: %q gives %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestVocabularyOrder(t *testing.T) {
	// Valid and test add their new words after train's, as the reference's Corpus does.
	c, err := build(PTB, [3][]byte{[]byte(tiny[0]), []byte(tiny[1]), []byte(tiny[2])}, [3]string{"tr", "va", "te"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"the", "cat", "sat", EOS, "a", "dog", "bird"}; !slices.Equal(c.Vocab.Words(), want) {
		t.Errorf("vocabulary %q, want %q", c.Vocab.Words(), want)
	}
	for s, want := range [3][]int32{{0, 1, 2, 3, 4, 5, 3}, {0, 5, 3}, {4, 6, 2, 3}} {
		if got := c.Split(Split(s)); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", Split(s), got, want)
		}
	}
}

func TestTokenizeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", []string{"empty.txt", "empty file"}},
		{"nul", "abc\nde\x00f", []string{"nul.txt", "binary data", "offset 6", "line 2"}},
		{"latin1", "ok\ncaf\xe9\n", []string{"latin1.txt", "not UTF-8", "0xe9", "offset 6", "line 2"}},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00", []string{"gzip.txt", "binary data"}},
	} {
		_, err := Tokenize(tc.name+".txt", []byte(tc.in), NewVocab())
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, err, w)
			}
		}
	}
	if _, err := Tokenize("e", nil, NewVocab()); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty input: %v, want ErrEmpty", err)
	}
}
