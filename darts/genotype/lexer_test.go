package genotype

import "testing"

// String must stay readable and re-readable even for op names that Validate would reject, so
// quotePy and the lexer's escapes have to agree.
func TestQuotedStringsReadBack(t *testing.T) {
	for _, s := range []string{"sep_conv_3x3", "it's", `say "hi"`, `both ' and "`, "back\\slash", "tab\tnew\nline\r", "\x01\x7f", "ünï"} {
		tokens, err := tokenize(quotePy(s))
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if tokens[0].kind != tokString || tokens[0].str != s {
			t.Errorf("%q quoted as %s read back as %q", s, quotePy(s), tokens[0].str)
		}
	}
}

func TestLexerSkipsCommentsAndContinuations(t *testing.T) {
	tokens, err := tokenize("\ufeff# header\n a \\\n\u00a0 ,  # trailing\n'x'  u\"y\" \u2018z\u2019 -3")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tok := range tokens {
		switch tok.kind {
		case tokString:
			got = append(got, "s:"+tok.str)
		case tokEOF:
			got = append(got, "EOF")
		default:
			got = append(got, tok.text)
		}
	}
	want := []string{"a", ",", "s:x", "s:y", "s:z", "-3", "EOF"}
	if len(got) != len(want) {
		t.Fatalf("tokens %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("tokens %v, want %v", got, want)
		}
	}
}
