// Package record holds what a search leaves behind as plain Go values: the lines of its
// metrics.jsonl (SearchEpoch) and alphas.jsonl (Alphas), and one search step taken apart
// (OpenStep). The search (darts/search) writes them; figures (viz) and notebooks read them.
//
// The Epoch of a record counts from 0, as the search's loop does. In the files it counts from the
// run's epoch base: 1 in runs whose config.json says "epoch_base": 1 (every run since it exists),
// 0 in older ones, which have no epoch_base. run.AppendEpoch and run.ReadEpochFile convert (the
// records' EpochField gives them the field); figures and messages show Epoch+1.
//
// It imports no GoMLX, and neither do its imports (darts/genotype), so a plotting program links
// only this and what it draws with: keep it that way (viz's TestNoGoMLX checks).
package record
