package text

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// Kind names one of the supported corpora.
type Kind int

const (
	PTB       Kind = iota // Penn Treebank, Mikolov's preprocessing (10,000 words)
	WikiText2             // WikiText-2 v1, word level (33,278 words)
)

// Split indexes the three parts of a corpus, in the order their words enter the vocabulary.
type Split int

const (
	Train Split = iota
	Valid
	Test
)

var splitNames = [3]string{"train", "valid", "test"}

func (s Split) String() string {
	if s < Train || s > Test {
		return fmt.Sprintf("Split(%d)", int(s))
	}
	return splitNames[s]
}

// spec is what the loaders and the downloader know about one corpus.
type spec struct {
	kind    Kind
	name    string       // for messages
	command string       // name in `darts download` and under a mirror
	folder  string       // conventional folder name: in $DARTS_DATA, ../shared/data and the cache
	names   [3]string    // official file names (train, valid, test)
	archive string       // official archive file name
	member  string       // folder of the files inside the archive
	sources []fetch.File // where Download fetches the archive, tried in order
	fileMD5 [3]string    // digests of the official files, checked after extraction
}

var specs = [...]spec{
	PTB: {
		kind:    PTB,
		name:    "PTB",
		command: "ptb",
		folder:  "ptb",
		names:   [3]string{"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"},
		archive: "simple-examples.tgz",
		member:  "simple-examples/data",
		sources: []fetch.File{{URLs: []string{PTBURL}, Sum: "md5:" + PTBMD5}},
		// Computed from the copies in ../shared/data/ptb; they are also the digests torchtext
		// pins for the same three files, so they are the official contents.
		fileMD5: [3]string{"f26c4b92c5fdc7b3f8c7cdcb991d8420", "aa0affc06ff7c36e977d7cd49e3839bf", "8b80168b89c18661a38ef683c0dc3721"},
	},
	WikiText2: {
		kind:    WikiText2,
		name:    "WikiText-2",
		command: "wikitext2",
		folder:  "wikitext-2",
		names:   [3]string{"wiki.train.tokens", "wiki.valid.tokens", "wiki.test.tokens"},
		archive: "wikitext-2-v1.zip",
		member:  "wikitext-2",
		sources: []fetch.File{{URLs: []string{WikiText2URL}, Sum: "md5:" + WikiText2MD5}, {URLs: []string{WikiText2Mirror}}},
		// Computed from ../shared/data/wikitext-2, whose SHA-1s equal those GluonNLP pins for
		// the official wiki.*.tokens, so these are the official contents.
		fileMD5: [3]string{"34a77ebe59551b3a3b3d8c0a2797c976", "d756d22ab2310e7e60c094bea5c5a8eb", "781c9418ab9414bd09e4aad825aae752"},
	},
}

func (k Kind) spec() (*spec, error) {
	if k < PTB || k > WikiText2 {
		return nil, fmt.Errorf("text: unknown corpus kind %d", int(k))
	}
	return &specs[k], nil
}

// String returns the conventional folder name, "ptb" or "wikitext-2".
func (k Kind) String() string {
	if s, err := k.spec(); err == nil {
		return s.folder
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// shortNames are the names the DARTS and AWD-LSTM scripts expect (data/penn/train.txt …);
// ../shared/data/wikitext-2 uses them too, so both namings are accepted in a folder.
var shortNames = [3]string{"train.txt", "valid.txt", "test.txt"}

// Corpus is a tokenised corpus: each split is one stream of word ids, every line ended by the
// id of EOS, all ids indexing Vocab.
type Corpus struct {
	Kind               Kind
	Vocab              *Vocab
	Train, Valid, Test []int32
	Files              [3]string // where each split was read from (a path, or archive:member)
}

// Split returns the ids of one split.
func (c *Corpus) Split(s Split) []int32 {
	switch s {
	case Train:
		return c.Train
	case Valid:
		return c.Valid
	case Test:
		return c.Test
	}
	return nil
}

// LoadPTB is Load(path, PTB).
func LoadPTB(path string) (*Corpus, error) { return Load(path, PTB) }

// LoadWikiText2 is Load(path, WikiText2).
func LoadWikiText2(path string) (*Corpus, error) { return Load(path, WikiText2) }

// Load reads and tokenises the three splits of a corpus. path may be
//   - a folder holding the official files (ptb.{train,valid,test}.txt, resp.
//     wiki.{train,valid,test}.tokens) or the short names train.txt, valid.txt, test.txt;
//   - a folder holding the archive's folder (simple-examples/data, resp. wikitext-2) or the
//     official archive (simple-examples.tgz, resp. wikitext-2-v1.zip);
//   - the archive itself (tar, gzip-compressed tar or zip), read without extracting.
//
// The vocabulary is built as the reference's Corpus does: the words of train, then valid,
// then test, each given the next id when first seen. See the package documentation.
func Load(path string, kind Kind) (*Corpus, error) {
	sp, err := kind.spec()
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("text: %s: %w (%s)", sp.name, err, sp.howToGet())
	}
	if !st.IsDir() {
		return loadArchive(path, kind)
	}
	for _, dir := range []string{path, filepath.Join(path, filepath.FromSlash(sp.member))} {
		for _, names := range [][3]string{sp.names, shortNames} {
			if exists(filepath.Join(dir, names[Train])) {
				return loadFiles(dir, names, kind)
			}
		}
	}
	if p := filepath.Join(path, sp.archive); exists(p) {
		return loadArchive(p, kind)
	}
	return nil, fmt.Errorf("text: %s: %s holds neither %s, %s, %s/ nor %s (%s)",
		sp.name, path, sp.names[Train], shortNames[Train], sp.member, sp.archive, sp.howToGet())
}

func (sp *spec) howToGet() string {
	return fmt.Sprintf("get it with `darts download %s` (or text.Download) or from %s", sp.command, sp.sources[0].URLs[0])
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// loadFiles reads the splits from dir under one naming, all three required.
func loadFiles(dir string, names [3]string, kind Kind) (*Corpus, error) {
	var data [3][]byte
	var where [3]string
	for s, name := range names {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("text: %s: missing %s split (the folder must hold %s, %s and %s)",
				p, Split(s), names[0], names[1], names[2])
		}
		if err != nil {
			return nil, fmt.Errorf("text: %w", err)
		}
		data[s], where[s] = b, p
	}
	return build(kind, data, where)
}

// build tokenises the splits in the reference's order into one growing vocabulary.
func build(kind Kind, data [3][]byte, where [3]string) (*Corpus, error) {
	sp, _ := kind.spec()
	c := &Corpus{Kind: kind, Vocab: NewVocab(), Files: where}
	for s := Train; s <= Test; s++ {
		ids, err := Tokenize(where[s], data[s], c.Vocab)
		if err != nil {
			return nil, fmt.Errorf("%w (want the %s %s split: UTF-8 text, whitespace-separated words, one sentence per line)",
				err, sp.name, s)
		}
		switch s {
		case Train:
			c.Train = ids
		case Valid:
			c.Valid = ids
		case Test:
			c.Test = ids
		}
	}
	return c, nil
}
