// Package run is the run directory that searches and trainings write and that figures and
// notebooks read: config.json (the hyper-parameters), metrics.jsonl (one record per epoch),
// alphas.jsonl (softmax(α) per epoch), genotype.json and genotype.txt (the derived cell, in JSON
// and in the literature's repr form), and checkpoint.bin (everything needed to resume exactly).
//
// Every file is written atomically (a temporary file in the same directory, synced, then renamed),
// and appended records are whole lines, so an interrupted run never leaves a torn file behind.
package run
