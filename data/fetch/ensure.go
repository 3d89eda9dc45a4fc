package fetch

import (
	"fmt"

	"os"
	"strings"
)

// Lookup records the places a loader tried, for its not-found error.
type Lookup struct{ Tried []string }

// Try records p and reports whether it exists.
func (l *Lookup) Try(p string) bool {
	l.Tried = append(l.Tried, p)
	return Exists(p)
}

func (l *Lookup) String() string {
	if len(l.Tried) == 0 {
		return "nowhere"
	}
	return strings.Join(l.Tried, ", ")
}

// Ensure is how every loader's Ensure ends when its Find came back empty: it says on g.Progress
// what it downloads and where, runs download into Root(), and turns a failure into an error
// that names the data set, where it looked, and the command that downloads it.
// command is the name `darts download` takes, e.g. "cifar10".
func Ensure(g Getter, command, what string, looked *Lookup, download func(root string) (string, error)) (string, error) {
	if g.Progress == nil {
		g.Progress = defaultProgress()
	}
	root, err := Root()
	if err != nil {
		return "", fmt.Errorf("%s not found (looked in %s): %w", what, looked, err)
	}
	from := "its official site"
	if m := os.Getenv(EnvMirror); m != "" {
		from = m
	}
	fmt.Fprintf(g.Progress, "%s: no copy found (looked in %s); downloading it from %s into %s\n", command, looked, from, root)
	p, err := download(root)
	if err != nil {
		return "", NotFound(what, command, looked, root, err)
	}
	fmt.Fprintf(g.Progress, "%s: ready in %s\n", command, p)
	return p, nil
}

// NotFound is the error of a data set that is neither present nor downloadable.
func NotFound(what, command string, looked *Lookup, root string, err error) error {
	return fmt.Errorf("%s not found (looked in %s), and downloading it into %s failed: %w\n"+
		"Run `darts download %s` on a machine with network access (it saves into $%s, else %s), "+
		"set %s to a folder that already holds it, or %s to a mirror",
		what, looked, root, err, command, EnvData, userCacheHint(), EnvData, EnvMirror)
}

func userCacheHint() string {
	if d, err := userCache(); err == nil {
		return d
	}
	return "the user cache folder"
}
