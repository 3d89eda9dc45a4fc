package run

import "fmt"

// Begin starts the run of a training loop in d, the part every loop shares before its first
// step. A fresh run stores its configuration cfg as config.json. A resumed one calls load, which
// reads the checkpoint into the loop's state (and restores its data streams) and returns the epoch
// the checkpoint is in; the lines of records (metrics.jsonl, alphas.jsonl) beyond that epoch are
// then dropped, since the loop writes them again (an epoch that ended after the checkpoint would
// be recorded twice).
func (d *Dir) Begin(resume bool, cfg any, load func() (epoch int, err error), records ...string) error {
	if !resume {
		return d.WriteJSON(ConfigFile, cfg)
	}
	epoch, err := load()
	if err != nil {
		return err
	}
	for _, f := range records {
		if err := d.TruncateLines(f, epoch); err != nil {
			return err
		}
	}
	return nil
}

// WriteGenotype writes a derived cell as genotype.json and, in the literature's repr form (its
// String), as genotype.txt: what a search leaves after every epoch.
func (d *Dir) WriteGenotype(g fmt.Stringer) error {
	if err := d.WriteJSON(GenotypeFile, g); err != nil {
		return err
	}
	return WriteFileAtomic(d.File(GenotypeText), []byte(g.String()+"\n"))
}
