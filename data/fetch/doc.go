// Package fetch is where data sets live on disk and how they get there: the one place for the
// folders every loader searches ($DARTS_DATA, ../shared/data next to the repository, the user
// cache) and for downloading official files.
//
// # Folders
//
// Root is where downloads go: $DARTS_DATA when set, else UserCacheDir()/godarts
// (~/.cache/godarts on Linux). Roots lists, in search order, every folder that may hold a data
// set: $DARTS_DATA, the team's ../shared/data next to the repository root (found from the
// working directory up), and the user cache. Each data package (cifar10, mnist, text) looks for
// its own sub-folder in them and never downloads from its Find; its Ensure downloads into Root
// when no copy is found.
//
// # Downloads
//
// Getter.Get fetches one file: from the official URLs in order, or only from
// $DARTS_DATA_MIRROR/<data set>/<file name> when that variable is set (mirrors, and tests with
// a local server). The bytes go to <file>.part, so an interrupted transfer is resumed with an
// HTTP Range request by the next call (and by the same call, which retries a transfer that broke
// after making progress). The finished file is checked against its published digest (sha256 or
// md5) before it is renamed into place; a mismatch removes it. A file whose digest is not known
// is accepted and reported as unverified, never silently. Progress goes to stderr: a bar with
// size, speed and ETA on a terminal, a plain line every 10 % otherwise.
//
// Install builds a folder under a temporary name and renames it into place, so a data set's
// folder is either complete or absent.
package fetch
