package text

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tinyFiles writes tiny under the given names into dir.
func tinyFiles(t *testing.T, dir string, names [3]string) string {
	files := map[string]string{}
	for s, name := range names {
		files[name] = tiny[s]
	}
	return writeFiles(t, dir, files)
}

func checkTiny(t *testing.T, c *Corpus, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if c.Vocab.Len() != 7 || len(c.Train) != 7 || len(c.Valid) != 3 || len(c.Test) != 4 {
		t.Errorf("vocabulary %d, splits %d/%d/%d; want 7, 7/3/4", c.Vocab.Len(), len(c.Train), len(c.Valid), len(c.Test))
	}
}

func TestLoadLayouts(t *testing.T) {
	tmp := t.TempDir()
	ptbNames := specs[PTB].names
	wikiNames := specs[WikiText2].names

	c, err := LoadPTB(tinyFiles(t, filepath.Join(tmp, "official"), ptbNames))
	checkTiny(t, c, err)
	if !strings.HasSuffix(c.Files[Valid], "ptb.valid.txt") {
		t.Errorf("files %v", c.Files)
	}
	c, err = LoadWikiText2(tinyFiles(t, filepath.Join(tmp, "wiki"), wikiNames))
	checkTiny(t, c, err)
	c, err = Load(tinyFiles(t, filepath.Join(tmp, "short"), shortNames), WikiText2)
	checkTiny(t, c, err)
	// A folder holding the archive's folder, as after `tar xzf simple-examples.tgz`.
	tinyFiles(t, filepath.Join(tmp, "outer", "simple-examples", "data"), ptbNames)
	c, err = LoadPTB(filepath.Join(tmp, "outer"))
	checkTiny(t, c, err)

	// The archives themselves, and folders holding them.
	tgz := filepath.Join(tmp, "arch", "simple-examples.tgz")
	writeFiles(t, filepath.Join(tmp, "arch"), map[string]string{
		"simple-examples.tgz": string(makeTarGz(t, tinyMembers(PTB, "./"))),
		"wikitext-2-v1.zip":   string(makeZip(t, tinyMembers(WikiText2, ""))),
	})
	c, err = LoadPTB(tgz)
	checkTiny(t, c, err)
	if !strings.HasSuffix(c.Files[Train], "simple-examples.tgz:./simple-examples/data/ptb.train.txt") {
		t.Errorf("files %v", c.Files)
	}
	c, err = LoadPTB(filepath.Join(tmp, "arch"))
	checkTiny(t, c, err)
	c, err = LoadWikiText2(filepath.Join(tmp, "arch"))
	checkTiny(t, c, err)
}

func TestLoadErrors(t *testing.T) {
	tmp := t.TempDir()
	names := specs[PTB].names
	partial := writeFiles(t, filepath.Join(tmp, "partial"), map[string]string{names[0]: tiny[0], names[2]: tiny[2]})
	empty := writeFiles(t, filepath.Join(tmp, "empty"), map[string]string{names[0]: tiny[0], names[1]: "", names[2]: tiny[2]})
	binary := writeFiles(t, filepath.Join(tmp, "binary"), map[string]string{
		names[0]: string(makeTarGz(t, tinyMembers(PTB, ""))), names[1]: tiny[1], names[2]: tiny[2]})
	latin := writeFiles(t, filepath.Join(tmp, "latin"), map[string]string{names[0]: tiny[0], names[1]: tiny[1], names[2]: "na\xefve\n"})
	noSplits := writeFiles(t, filepath.Join(tmp, "lacking"), map[string]string{
		"simple-examples.tgz": string(makeTarGz(t, tinyMembers(PTB, "")[:1]))})
	zeroArchive := writeFiles(t, filepath.Join(tmp, "zero"), map[string]string{"simple-examples.tgz": ""})
	junk := writeFiles(t, filepath.Join(tmp, "junk"), map[string]string{"wikitext-2-v1.zip": "PK\x03\x04 not really"})
	unrelated := writeFiles(t, filepath.Join(tmp, "unrelated"), map[string]string{"readme": "x"})

	for _, tc := range []struct {
		path string
		kind Kind
		want []string
	}{
		{filepath.Join(tmp, "nope"), PTB, []string{"nope", "no such file", "text.Download"}},
		{partial, PTB, []string{filepath.Join(partial, "ptb.valid.txt"), "missing valid split"}},
		{empty, PTB, []string{filepath.Join(empty, "ptb.valid.txt"), "empty file", "PTB valid split"}},
		{binary, PTB, []string{filepath.Join(binary, "ptb.train.txt"), "binary data", "PTB train split"}},
		{latin, PTB, []string{filepath.Join(latin, "ptb.test.txt"), "not UTF-8", "line 1"}},
		{noSplits, PTB, []string{"simple-examples.tgz", "lacks ptb.valid.txt, ptb.test.txt"}},
		{zeroArchive, PTB, []string{"simple-examples.tgz", "empty file"}},
		{junk, WikiText2, []string{"wikitext-2-v1.zip", "reading the archive", "WikiText-2"}},
		{unrelated, WikiText2, []string{unrelated, "holds neither wiki.train.tokens"}},
		{tmp, Kind(7), []string{"unknown corpus kind 7"}},
	} {
		_, err := Load(tc.path, tc.kind)
		if err == nil {
			t.Errorf("%s: no error", tc.path)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.path, err, w)
			}
		}
	}
}

func TestFind(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	t.Setenv(EnvData, filepath.Join(tmp, "data"))
	if p, err := Find(tmp, PTB); err != nil || p != tmp {
		t.Errorf("explicit path: %q, %v", p, err)
	}
	if _, err := Find(filepath.Join(tmp, "nope"), PTB); err == nil {
		t.Error("a missing explicit path should be an error")
	}
	// A fake checkout: tmp/repo/go.mod with tmp/shared/data beside it, searched from a
	// sub-folder of the repository as a package test or a notebook would be.
	writeFiles(t, filepath.Join(tmp, "repo"), map[string]string{"go.mod": "module x\n", "sub/x.go": ""})
	t.Chdir(filepath.Join(tmp, "repo", "sub"))
	shared := tinyFiles(t, filepath.Join(tmp, "shared", "data", "wikitext-2"), shortNames)
	cache := tinyFiles(t, filepath.Join(tmp, "cache", "godarts", "wikitext-2"), shortNames)

	// $DARTS_DATA comes first, the folder before the archive.
	data := tinyFiles(t, filepath.Join(tmp, "data", "wikitext-2"), shortNames)
	writeFiles(t, filepath.Join(tmp, "data"), map[string]string{"wikitext-2-v1.zip": ""})
	for _, want := range []string{data, filepath.Join(tmp, "data", "wikitext-2-v1.zip"), shared, cache} {
		p, err := FindWikiText2("")
		if err != nil || p != want {
			t.Fatalf("found %q, %v; want %q", p, err, want)
		}
		os.RemoveAll(want)
	}
	_, err := FindWikiText2("")
	if err == nil || !strings.Contains(err.Error(), "looked in") || !strings.Contains(err.Error(), cache) ||
		!strings.Contains(err.Error(), "darts download wikitext2") {
		t.Errorf("not found: %v", err)
	}
}

// fingerprint is a polynomial hash of an id stream, computed for the same streams by a
// Python transcription of the reference's Corpus.
func fingerprint(ids []int32) uint64 {
	var h uint64
	for _, id := range ids {
		h = (h*1000003 + uint64(id)) & (1<<61 - 1)
	}
	return h
}

// TestRealCorpora checks the real copies against the reference's numbers: vocabulary size,
// tokens per split and the exact id streams (fingerprints and last ids obtained by running the
// reference's tokenisation in Python on the same files).
func TestRealCorpora(t *testing.T) {
	type split struct {
		tokens int
		print  uint64
		last   []int32
	}
	for _, tc := range []struct {
		kind  Kind
		vocab int
		first []string
		last  string
		want  [3]split
	}{
		{PTB, 10000, []string{"aer", "banknote", "berlitz"}, "unilab", [3]split{
			{929589, 1303701951780677113, []int32{39, 26, 24}},
			{73760, 884183381008546800, []int32{108, 27, 24}},
			{82430, 350123575676260865, []int32{87, 214, 24}}}},
		{WikiText2, 33278, []string{EOS, "=", "Valkyria"}, "gallinae", [3]split{
			{2088628, 95031967955094966, []int32{15, 0, 0}},
			{217646, 1308108534705300075, []int32{0, 0, 0}},
			{245569, 117998661975143825, []int32{15, 0, 0}}}},
	} {
		dir, err := Find("", tc.kind)
		if err != nil {
			t.Logf("skipping %s: %v", tc.kind, err)
			continue
		}
		c, err := Load(dir, tc.kind)
		if err != nil {
			t.Fatal(err)
		}
		if c.Vocab.Len() != tc.vocab {
			t.Errorf("%s: vocabulary %d, want %d", tc.kind, c.Vocab.Len(), tc.vocab)
		}
		// Ids are given in order of first appearance, train first: train reaching the last id
		// means valid and test add no word, as the package documentation says.
		if m := slices.Max(c.Train); int(m) != c.Vocab.Len()-1 {
			t.Errorf("%s: train's largest id %d of %d words", tc.kind, m, c.Vocab.Len())
		}
		w := c.Vocab.Words()
		if !slices.Equal(w[:3], tc.first) || w[len(w)-1] != tc.last {
			t.Errorf("%s: vocabulary starts %q, ends %q", tc.kind, w[:3], w[len(w)-1])
		}
		for s, want := range tc.want {
			ids := c.Split(Split(s))
			if len(ids) != want.tokens || fingerprint(ids) != want.print || !slices.Equal(ids[len(ids)-3:], want.last) {
				t.Errorf("%s %s: %d tokens, fingerprint %d, ends %v; want %d, %d, %v", tc.kind, Split(s),
					len(ids), fingerprint(ids), ids[len(ids)-3:], want.tokens, want.print, want.last)
			}
		}
		// The files are the official ones, so Download's digests are right.
		for s := range c.Files {
			if sum, _ := fileMD5(c.Files[s]); sum != specs[tc.kind].fileMD5[s] {
				t.Errorf("%s: md5 %s, constant %s", c.Files[s], sum, specs[tc.kind].fileMD5[s])
			}
		}
	}
}
