// Package text reads word-level language-modelling corpora and cuts them into the windows of
// truncated back-propagation through time, as the recurrent experiments of DARTS do (its
// rnn/data.py and rnn/utils.py, which follow the AWD-LSTM code).
//
// # Corpora
//
// Two corpora are known: Penn Treebank in Mikolov's preprocessing (ptb.{train,valid,test}.txt
// from simple-examples.tgz; lower-cased, numbers as N, rare words as <unk>) and WikiText-2 v1
// (wiki.{train,valid,test}.tokens from wikitext-2-v1.zip). Load reads a folder holding the
// files (under their official names or as train.txt, valid.txt, test.txt), a folder holding the
// archive, or the archive itself. Find locates a corpus without downloading; Download fetches
// the official archive, checks it and the extracted files against MD5 digests, and keeps only
// the three files.
//
// # Tokens and vocabulary
//
// Tokenisation is the reference's: every line is split on whitespace and EOS ("<eos>") is
// appended to it, so a corpus is one stream of word ids in which sentence ends are ordinary
// tokens. Nothing is lower-cased or replaced; the files already carry <unk>.
//
// The vocabulary is built over the three splits in the order train, valid, test, each word
// taking the next id when first seen, because that is what the reference's Corpus does (it
// adds every word of every split to its Dictionary). For both corpora the valid and test splits
// hold no word absent from train, so the vocabulary is the training vocabulary: 10,000 words
// for PTB and 33,278 for WikiText-2, EOS included, with the same ids the reference assigns.
//
// # Batches
//
// Batchify lays a split out as a Stream of [Steps, Batch] ids: column j is the j-th
// contiguous piece of the text, so a model's hidden state for column j can be carried from one
// window to the next. A BPTT iterator walks a Stream in windows of rows, each giving an input
// and the target one row later. In ModeTrain the window length is random as in
// rnn/train.py (the base length, halved with probability 0.05, plus normal noise of standard
// deviation 5, at least 5 and at most base+20) and each Window carries LRScale, the factor
// by which the reference scales the learning rate for that step; ModeSearch follows
// rnn/train_search.py, and ModeEval gives the fixed windows of evaluate(). The iterator's
// State is a handful of integers: restoring it resumes mid-epoch with the same windows.
//
// The random lengths come from the package's own seeded generator (dataset.RNG and
// Box–Muller), not NumPy's, so they follow the reference's distribution but not its exact
// sequence for a given seed.
package text
