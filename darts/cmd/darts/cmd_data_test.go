package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/fetch"
)

// emptyPlace works in a fresh folder (no checkout, so no ../shared/data), with an empty user
// cache and an empty $DARTS_DATA, which it returns.
func emptyPlace(t *testing.T) string {
	tmp := t.TempDir()
	t.Chdir(tmp)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	t.Setenv("HOME", tmp)
	data := filepath.Join(tmp, "data")
	t.Setenv(fetch.EnvData, data)
	return data
}

// TestCIFAR10DataOnFirstUse: search, train and select read -data cifar10 from
// $DARTS_DATA_MIRROR into $DARTS_DATA when nothing is there, then use that copy without
// a request; an explicit -data-path is never downloaded to.
func TestCIFAR10DataOnFirstUse(t *testing.T) {
	data := emptyPlace(t)
	hits := cifarMirror(t)
	s := dataSource{Name: "cifar10"}
	d, err := s.load(search.QuickRunConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, cifar10.FolderName); s.Path != want || hits.Load() != 1 || d.Train.Len()+d.Val.Len() != 20 {
		t.Errorf("search: read %s (%d images) after %d requests; want %s, 20, 1", s.Path, d.Train.Len()+d.Val.Len(), hits.Load(), want)
	}

	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	cfg := train.QuickCIFAR(g)
	cfg.BatchSize = 4
	ts := trainSource{Name: "cifar10", full: true}
	if _, err := ts.load(cfg); err != nil || hits.Load() != 1 {
		t.Errorf("train (paper mode) with the data present: %v, %d requests", err, hits.Load())
	}
	sel := trainSource{Name: "cifar10"}
	if _, err := sel.halves(cfg); err != nil || hits.Load() != 1 {
		t.Errorf("select with the data present: %v, %d requests", err, hits.Load())
	}
	os.RemoveAll(filepath.Join(data, cifar10.FolderName))
	missing := dataSource{Name: "cifar10", Path: filepath.Join(data, "elsewhere")}
	if _, err := missing.load(search.QuickRunConfig(1)); err == nil || hits.Load() != 1 {
		t.Errorf("explicit missing -data-path: %v, %d requests (want an error and none)", err, hits.Load())
	}
}

// TestDataOffline: with nothing found and no server, the error names the data set, where it
// looked and the command that downloads it.
func TestDataOffline(t *testing.T) {
	data := emptyPlace(t)
	t.Setenv(fetch.EnvMirror, "http://127.0.0.1:1")
	s := dataSource{Name: "cifar10"}
	_, err := s.load(search.QuickRunConfig(1))
	for _, want := range []string{"-data cifar10: CIFAR-10 not found", "downloading it into", filepath.Join(data, cifar10.FolderName), "`darts download cifar10`"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("cifar10: %v, want %q", err, want)
		}
	}
	_, err = loadCorpus("ptb", "")
	for _, want := range []string{"-data ptb: PTB not found", "downloading it into", filepath.Join(data, "ptb"), "`darts download ptb`"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ptb: %v, want %q", err, want)
		}
	}
	// Files in $DARTS_DATA are used as they are.
	os.MkdirAll(filepath.Join(data, "ptb"), 0o755)
	for _, name := range []string{"ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"} {
		os.WriteFile(filepath.Join(data, "ptb", name), []byte("the cat sat\n"), 0o644)
	}
	if c, err := loadCorpus("ptb", ""); err != nil || c.Vocab.Len() != 4 {
		t.Errorf("ptb from $DARTS_DATA: %v", err)
	}
}
