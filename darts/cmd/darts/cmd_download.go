package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/mnist"
	"github.com/dartsml/godarts/data/text"
)

// downloadable is one data set `darts download` knows: its name there (also its folder under a
// mirror) and how to fetch it into a data root.
type downloadable struct {
	name  string
	fetch func(ctx context.Context, g fetch.Getter, root string) (string, error)
}

var downloadables = []downloadable{
	{cifar10.Name, func(ctx context.Context, g fetch.Getter, root string) (string, error) {
		return cifar10.Fetch(ctx, g, root)
	}},
	{mnist.MNIST.Name, func(ctx context.Context, g fetch.Getter, root string) (string, error) {
		return mnist.Fetch(ctx, g, root, mnist.MNIST)
	}},
	{mnist.Fashion.Name, func(ctx context.Context, g fetch.Getter, root string) (string, error) {
		return mnist.Fetch(ctx, g, root, mnist.Fashion)
	}},
	{"ptb", func(ctx context.Context, g fetch.Getter, root string) (string, error) {
		return text.Downloader{Getter: g}.Fetch(ctx, root, text.PTB)
	}},
	{"wikitext2", func(ctx context.Context, g fetch.Getter, root string) (string, error) {
		return text.Downloader{Getter: g}.Fetch(ctx, root, text.WikiText2)
	}},
}

func downloadNames() []string {
	var names []string
	for _, d := range downloadables {
		names = append(names, d.name)
	}
	return names
}

// runDownload fetches data sets into -dir (default fetch.Root(): $DARTS_DATA, else the user
// cache), where every command and notebook looks for them. Flags may come before or after the
// names.
func runDownload(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("download", stderr)
	dir := fs.String("dir", "", "folder to download into (default: $"+fetch.EnvData+", else "+cacheHint()+
		"); files come from $"+fetch.EnvMirror+"/NAME/FILE instead of the official sites when that is set")
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err}
		}
		if fs.NArg() == 0 {
			break
		}
		names, args = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	if len(names) == 0 {
		return usagef("name a data set: %s or all", strings.Join(downloadNames(), ", "))
	}
	var todo []downloadable
	for _, n := range names {
		if n == "all" {
			todo = downloadables
			break
		}
		i := slices.IndexFunc(downloadables, func(d downloadable) bool { return d.name == n })
		if i < 0 {
			return usagef("unknown data set %q: want %s or all", n, strings.Join(downloadNames(), ", "))
		}
		todo = append(todo, downloadables[i])
	}
	root := *dir
	if root == "" {
		var err error
		if root, err = fetch.Root(); err != nil {
			return err
		}
	}
	var errs []error
	for _, d := range todo {
		fmt.Fprintf(stderr, "%s: into %s\n", d.name, root)
		p, err := d.fetch(context.Background(), fetch.Getter{Progress: stderr}, root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: %s\n", d.name, p)
	}
	return errors.Join(errs...)
}

func cacheHint() string {
	return "the user cache folder, ~/.cache/godarts on Linux"
}
