package text

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvData names a data folder, as for the image data sets: a corpus is looked for in
// $DARTS_DATA/ptb, resp. $DARTS_DATA/wikitext-2 (or the official archive there).
const EnvData = "DARTS_DATA"

// DefaultCacheDir is where callers without an opinion keep downloaded corpora: the user cache
// folder (e.g. ~/.cache/godarts/text). Download extracts each corpus into a sub-folder of it.
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("text: %w", err)
	}
	return filepath.Join(base, "godarts", "text"), nil
}

// FindPTB is Find(path, PTB).
func FindPTB(path string) (string, error) { return Find(path, PTB) }

// FindWikiText2 is Find(path, WikiText2).
func FindWikiText2(path string) (string, error) { return Find(path, WikiText2) }

// Find returns the location Load should read for kind, trying in order:
//  1. path, when not empty (an error if it does not exist);
//  2. $DARTS_DATA/<folder>, then $DARTS_DATA/<archive>, where folder is "ptb" or
//     "wikitext-2" and archive the official archive name;
//  3. ../shared/data/<folder> next to the repository root (the nearest folder holding go.mod,
//     from the working directory up), so it works from the root, from notebooks/ and from a
//     package's test;
//  4. <folder> in DefaultCacheDir(), where Download extracts it.
//
// It never downloads: a missing corpus is an error listing every place tried.
func Find(path string, kind Kind) (string, error) {
	sp, err := kind.spec()
	if err != nil {
		return "", err
	}
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("text: %s: %w", sp.name, err)
		}
		return path, nil
	}
	var tried []string
	try := func(p string) bool {
		tried = append(tried, p)
		return exists(p)
	}
	if root := os.Getenv(EnvData); root != "" {
		for _, p := range []string{filepath.Join(root, sp.folder), filepath.Join(root, sp.archive)} {
			if try(p) {
				return p, nil
			}
		}
	}
	if root, ok := repoRoot(); ok {
		if p := filepath.Join(root, "..", "shared", "data", sp.folder); try(p) {
			return p, nil
		}
	}
	if cache, err := DefaultCacheDir(); err == nil {
		if p := filepath.Join(cache, sp.folder); try(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("text: %s not found (tried %s); pass its folder or archive explicitly, set %s, "+
		"or fetch it once with text.Download(text.DefaultCacheDir(), %s)",
		sp.name, strings.Join(tried, ", "), EnvData, sp.ident)
}

// repoRoot is the nearest folder at or above the working directory that holds a go.mod.
func repoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if exists(filepath.Join(dir, "go.mod")) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
