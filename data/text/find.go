package text

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// EnvData names the data folder (fetch.EnvData): a corpus is looked for in $DARTS_DATA/ptb,
// resp. $DARTS_DATA/wikitext-2 (or the official archive there), and downloaded there.
const EnvData = fetch.EnvData

// FindPTB is Find(path, PTB).
func FindPTB(path string) (string, error) { return Find(path, PTB) }

// FindWikiText2 is Find(path, WikiText2).
func FindWikiText2(path string) (string, error) { return Find(path, WikiText2) }

// Find returns the location Load should read for kind, trying in order:
//  1. path, when not empty (an error if it does not exist);
//  2. in each of fetch.Roots() ($DARTS_DATA, ../shared/data next to the repository, the user
//     cache): <folder>, then <archive>, where folder is "ptb" or "wikitext-2" and archive the
//     official archive name.
//
// It never downloads (Ensure does): a missing corpus is an error listing every place tried.
func Find(path string, kind Kind) (string, error) {
	sp, err := kind.spec()
	if err != nil {
		return "", err
	}
	return find(path, sp, &fetch.Lookup{})
}

func find(path string, sp *spec, looked *fetch.Lookup) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("text: %s: %w", sp.name, err)
		}
		return path, nil
	}
	for _, pl := range fetch.Roots() {
		for _, p := range []string{filepath.Join(pl.Dir, sp.folder), filepath.Join(pl.Dir, sp.archive)} {
			if looked.Try(p) {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%s not found (looked in %s); run `darts download %s`, set %s to a folder holding %s/, "+
		"or pass its folder or archive explicitly", sp.name, looked, sp.command, EnvData, sp.folder)
}
