// Package record holds what a search leaves behind as plain Go values: the lines of its
// metrics.jsonl (SearchEpoch) and alphas.jsonl (Alphas), and one search step taken apart
// (OpenStep). The search (darts/search) writes them; figures (viz) and notebooks read them.
//
// It imports no GoMLX, and neither do its imports (darts/genotype), so a plotting program links
// only this and what it draws with: keep it that way (viz's TestNoGoMLX checks).
package record
