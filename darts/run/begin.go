package run

import "fmt"

// Begin starts the run of a training loop in d, the part every loop shares before its first
// step, and returns the number the run's files give its first epoch (see EpochBase). A fresh run
// stores its configuration cfg (a JSON object) as config.json, with "epoch_base": EpochBase
// added. A resumed one calls load, which reads the checkpoint into the loop's state (and restores
// its data streams) and returns the epoch the checkpoint is in (from 0); the lines of records
// (metrics.jsonl, alphas.jsonl) beyond that epoch are then dropped, since the loop writes them
// again (an epoch that ended after the checkpoint would be recorded twice), and the base is
// config.json's (0 for runs written before it had one), so the run appends in its own numbering.
func (d *Dir) Begin(resume bool, cfg any, load func() (epoch int, err error), records ...string) (base int, err error) {
	if !resume {
		data, err := withEpochBase(cfg)
		if err != nil {
			return 0, err
		}
		return EpochBase, WriteFileAtomic(d.File(ConfigFile), data)
	}
	epoch, err := load()
	if err != nil {
		return 0, err
	}
	if base, err = ReadEpochBase(d.Path); err != nil {
		return 0, err
	}
	for _, f := range records {
		if err := d.TruncateLines(f, epoch); err != nil {
			return 0, err
		}
	}
	return base, nil
}

// WriteGenotype writes a derived cell as genotype.json and, in the literature's repr form (its
// String), as genotype.txt: what a search leaves after every epoch.
func (d *Dir) WriteGenotype(g fmt.Stringer) error {
	if err := d.WriteJSON(GenotypeFile, g); err != nil {
		return err
	}
	return WriteFileAtomic(d.File(GenotypeText), []byte(g.String()+"\n"))
}
