package genotype

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The repr reader is a small hand-written lexer and recursive-descent parser for the subset of
// Python that genotype reprs use: names, strings, integers, lists, tuples, dicts, calls and
// keyword arguments. Every token and value remembers its byte offset so errors can point at it.

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokName
	tokString
	tokInt
	tokPunct // one of ( ) [ ] { } , = : . ;
)

type token struct {
	kind   tokenKind
	offset int    // byte offset of the token's first byte
	text   string // the source text (for tokPunct, the character)
	str    string // decoded value of a tokString
	num    int    // value of a tokInt
}

// describe names a token for "expected X, found Y" messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + t.text
	case tokInt:
		return "integer " + t.text
	case tokName:
		return "name " + t.text
	}
	return "'" + t.text + "'"
}

// SyntaxError reports where a repr could not be read and what was expected there.
type SyntaxError struct {
	Offset int // byte offset into the parsed text
	Line   int // 1-based line of Offset
	Column int // 1-based column (in bytes) of Offset
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("genotype: byte %d (line %d, column %d): %s", e.Offset, e.Line, e.Column, e.Msg)
}

func newSyntaxError(text string, offset int, format string, args ...any) *SyntaxError {
	offset = min(max(offset, 0), len(text))
	before := text[:offset]
	line := strings.Count(before, "\n") + 1
	column := offset - (strings.LastIndexByte(before, '\n') + 1) + 1
	return &SyntaxError{Offset: offset, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// curly quotes appear when a genotype is copied out of a PDF; they are read like ASCII quotes.
const (
	leftSingleQuote  = '\u2018'
	rightSingleQuote = '\u2019'
	leftDoubleQuote  = '\u201c'
	rightDoubleQuote = '\u201d'
)

// closingQuotes maps an opening quote to the quotes that may close it.
func closingQuotes(open rune) string {
	switch open {
	case leftSingleQuote, rightSingleQuote:
		return string([]rune{leftSingleQuote, rightSingleQuote})
	case leftDoubleQuote, rightDoubleQuote:
		return string([]rune{leftDoubleQuote, rightDoubleQuote})
	}
	return string(open)
}

func isQuote(r rune) bool {
	return r == '\'' || r == '"' || r == leftSingleQuote || r == rightSingleQuote ||
		r == leftDoubleQuote || r == rightDoubleQuote
}

func isNameStart(b byte) bool {
	return b == '_' || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// tokenize splits text into tokens, skipping whitespace and # comments.
func tokenize(text string) ([]token, error) {
	var tokens []token
	pos := 0
	for {
		pos = skipSpaceAndComments(text, pos)
		if pos >= len(text) {
			return append(tokens, token{kind: tokEOF, offset: len(text)}), nil
		}
		tok, next, err := lexToken(text, pos)
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, tok)
		pos = next
	}
}

func skipSpaceAndComments(text string, pos int) int {
	for pos < len(text) {
		switch c := text[pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			pos++
		case c == '\\' && pos+1 < len(text) && (text[pos+1] == '\n' || text[pos+1] == '\r'):
			pos += 2 // Python line continuation
		case c == '#':
			for pos < len(text) && text[pos] != '\n' {
				pos++
			}
		default:
			// A no-break space (common in text copied from documents) also separates tokens.
			if r, size := utf8.DecodeRuneInString(text[pos:]); r == '\u00a0' || r == '\ufeff' {
				pos += size
				continue
			}
			return pos
		}
	}
	return pos
}

// lexToken reads the token starting at pos and returns it with the offset just past it.
func lexToken(text string, pos int) (token, int, error) {
	c := text[pos]
	switch {
	case strings.IndexByte("()[]{},=:.;", c) >= 0:
		return token{kind: tokPunct, offset: pos, text: text[pos : pos+1]}, pos + 1, nil
	case isDigit(c) || ((c == '-' || c == '+') && pos+1 < len(text) && isDigit(text[pos+1])):
		return lexInt(text, pos)
	case isNameStart(c):
		// Python 2 prints u'sep_conv_3x3'; the prefix changes nothing here.
		if (c == 'u' || c == 'U') && pos+1 < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[pos+1:]); isQuote(r) {
				tok, next, err := lexString(text, pos+1)
				if err != nil {
					return token{}, 0, err
				}
				tok.offset, tok.text = pos, text[pos:next]
				return tok, next, nil
			}
		}
		end := pos + 1
		for end < len(text) && (isNameStart(text[end]) || isDigit(text[end])) {
			end++
		}
		return token{kind: tokName, offset: pos, text: text[pos:end]}, end, nil
	}
	if r, _ := utf8.DecodeRuneInString(text[pos:]); isQuote(r) {
		return lexString(text, pos)
	}
	r, _ := utf8.DecodeRuneInString(text[pos:])
	return token{}, 0, newSyntaxError(text, pos, "unexpected character %q; expected a name, string, integer or one of ( ) [ ] { } , = :", r)
}

func lexInt(text string, pos int) (token, int, error) {
	end := pos + 1
	for end < len(text) && (isDigit(text[end]) || text[end] == '_') {
		end++
	}
	literal := text[pos:end]
	n, err := strconv.ParseInt(strings.ReplaceAll(literal, "_", ""), 10, 32)
	if err != nil {
		return token{}, 0, newSyntaxError(text, pos, "integer %s is not a valid 32-bit integer", literal)
	}
	return token{kind: tokInt, offset: pos, text: literal, num: int(n)}, end, nil
}

// lexString reads a quoted string with Python's common escapes (\\ \' \" \n \r \t \xNN); other
// backslashes stay literal, as in Python.
func lexString(text string, pos int) (token, int, error) {
	open, size := utf8.DecodeRuneInString(text[pos:])
	closers := closingQuotes(open)
	var value strings.Builder
	i := pos + size
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case strings.ContainsRune(closers, r):
			end := i + size
			return token{kind: tokString, offset: pos, text: text[pos:end], str: value.String()}, end, nil
		case r == '\n':
			return token{}, 0, newSyntaxError(text, pos, "string starting here is not closed before the end of the line")
		case r == '\\' && i+1 < len(text):
			n, err := readEscape(text, i, &value)
			if err != nil {
				return token{}, 0, err
			}
			i += n
		default:
			value.WriteRune(r)
			i += size
		}
	}
	return token{}, 0, newSyntaxError(text, pos, "string starting here is not closed")
}

// readEscape decodes the escape at text[i] (a backslash) into value and returns its length.
func readEscape(text string, i int, value *strings.Builder) (int, error) {
	switch c := text[i+1]; c {
	case '\\', '\'', '"':
		value.WriteByte(c)
	case 'n':
		value.WriteByte('\n')
	case 'r':
		value.WriteByte('\r')
	case 't':
		value.WriteByte('\t')
	case 'x':
		if i+4 > len(text) {
			return 0, newSyntaxError(text, i, `escape \x needs two hex digits`)
		}
		b, err := strconv.ParseUint(text[i+2:i+4], 16, 8)
		if err != nil {
			return 0, newSyntaxError(text, i, `escape \x needs two hex digits, found %q`, text[i+2:i+4])
		}
		value.WriteRune(rune(b)) // Python's \xNN is code point U+00NN, not a raw byte
		return 4, nil
	default:
		value.WriteByte('\\')
		return 1, nil
	}
	return 2, nil
}
