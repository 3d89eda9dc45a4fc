package text

import (
	"bytes"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// EOS is the word appended at the end of every line.
const EOS = "<eos>"

// Vocab maps words to dense int32 ids, in the order they were first added.
type Vocab struct {
	words []string
	ids   map[string]int32
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab { return &Vocab{ids: map[string]int32{}} }

// Len is the number of distinct words.
func (v *Vocab) Len() int { return len(v.words) }

// Add returns word's id, giving it the next one if it is new.
func (v *Vocab) Add(word string) int32 {
	if id, ok := v.ids[word]; ok {
		return id
	}
	id := int32(len(v.words))
	v.words = append(v.words, word)
	v.ids[word] = id
	return id
}

// ID returns word's id and whether it is in the vocabulary.
func (v *Vocab) ID(word string) (int32, bool) {
	id, ok := v.ids[word]
	return id, ok
}

// Word returns the word with the given id; it panics if id is out of range, like a slice.
func (v *Vocab) Word(id int32) string { return v.words[id] }

// Words returns a copy of the words in id order.
func (v *Vocab) Words() []string { return append([]string(nil), v.words...) }

// Decode returns the words of ids, for printing samples.
func (v *Vocab) Decode(ids []int32) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.words[id]
	}
	return out
}

// ErrEmpty is wrapped by the error for an empty input: a corpus split with no lines at all is
// always a wrong or truncated file, although the reference would silently accept it.
var ErrEmpty = errors.New("empty file")

// Tokenize turns text into word ids exactly as the reference's Corpus.tokenize does, adding
// unseen words to v in order of appearance. name only labels errors (a file path).
//
// Lines end at "\n", "\r\n" or a lone "\r" (Python's universal newlines, which the reference
// reads with); a last line without a terminator still counts, and an empty line yields EOS
// alone. Within a line words are separated by runs of whitespace as Python's str.split()
// defines it: Unicode White_Space plus the ASCII separators U+001C–U+001F.
//
// The text must be valid UTF-8 (the reference would raise UnicodeDecodeError) and hold no NUL
// byte, which no text corpus has and every binary file (an archive, a tensor dump) soon does.
func Tokenize(name string, text []byte, v *Vocab) ([]int32, error) {
	if len(text) == 0 {
		return nil, fmt.Errorf("text: %s: %w", name, ErrEmpty)
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return nil, fmt.Errorf("text: %s: binary data (NUL byte at offset %d, line %d), not a text corpus",
			name, i, lineOf(text, i))
	}
	if !utf8.Valid(text) {
		i := firstInvalid(text)
		return nil, fmt.Errorf("text: %s: not UTF-8 (invalid byte 0x%02x at offset %d, line %d)",
			name, text[i], i, lineOf(text, i))
	}
	// PTB and WikiText average 5–6 bytes per token; one guess saves most regrowth.
	ids := make([]int32, 0, len(text)/5+16)
	for len(text) > 0 {
		end, next := lineEnd(text)
		ids = appendWords(ids, text[:end], v)
		// EOS is added after the line's words, not up front: its id depends on where the
		// first line ends, as in the reference (PTB's first line gives it id 24).
		ids = append(ids, v.Add(EOS))
		text = text[next:]
	}
	return ids, nil
}

// lineEnd returns where the first line's content ends and where the next line starts.
func lineEnd(b []byte) (end, next int) {
	i := bytes.IndexAny(b, "\r\n")
	switch {
	case i < 0:
		return len(b), len(b)
	case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		return i, i + 2
	}
	return i, i + 1
}

// appendWords appends the ids of the words of one line. The common all-ASCII case is scanned
// byte by byte; map lookups keyed by string(word) do not allocate, so only new words cost an
// allocation.
func appendWords(ids []int32, line []byte, v *Vocab) []int32 {
	start := -1
	for i := 0; i < len(line); {
		r, size := rune(line[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(line[i:])
		}
		if isSpace(r) {
			if start >= 0 {
				ids = append(ids, lookup(v, line[start:i]))
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		ids = append(ids, lookup(v, line[start:]))
	}
	return ids
}

func lookup(v *Vocab, word []byte) int32 {
	if id, ok := v.ids[string(word)]; ok {
		return id
	}
	return v.Add(string(word))
}

// isSpace is Python 3's str.isspace for one code point: Go's unicode.IsSpace is the Unicode
// White_Space property, and Python adds the four information separators, whose bidirectional
// class is B or S.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f:
			return true
		}
		return false
	}
	return unicode.IsSpace(r)
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineOf is the 1-based line number of offset i.
func lineOf(b []byte, i int) int { return bytes.Count(b[:i], []byte{'\n'}) + 1 }
