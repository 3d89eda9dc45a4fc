// Package run is the run directory that searches and trainings write and that figures and
// notebooks read: config.json (the hyper-parameters), metrics.jsonl (one record per epoch),
// alphas.jsonl (softmax(α) per epoch), genotype.json and genotype.txt (the derived cell, in JSON
// and in the literature's repr form), checkpoint.bin (everything needed to resume exactly, and
// the configuration and data record it belongs to) and checkpoint.bin.prev (the one before, which
// a damaged newest checkpoint falls back to).
//
// One process writes a run directory at a time: Dir.Lock holds an flock on its .lock file for the
// life of the process (the kernel releases it when the process dies).
//
// Checkpoints themselves are written and read by darts/run/checkpoint, the one part of a run folder
// that needs GoMLX; this package does not import it, so figures and notebooks that only read runs
// stay free of it.
//
// Every training loop (search, train, rnn search and train, tinynet's trainer) runs its epochs in
// one Loop: the step and the end of an epoch are the loop's own hooks; resuming at a checkpoint's
// Position, the interruption (a checkpoint, then ErrInterrupted), an early stop and the progress
// are the Loop's. They also share what they say while they run: Progress, the epoch, step, loss,
// speed and time left, as a bar on a terminal and as plain lines in logs (viz.ProgressWriter
// draws it in a notebook).
//
// Epochs are numbered in the files from the run's epoch base, config.json's "epoch_base": 1 in
// runs started since it exists (Begin writes it), absent (0) in older ones, which keep their
// numbering when resumed (Begin returns the base, AppendEpoch applies it). In Go records count
// from 0 either way: ReadEpochFile (and every reader built on it) subtracts the base.
//
// Every file is written atomically (a temporary file in the same directory, synced, then renamed),
// and appended records are whole lines, so an interrupted run never leaves a torn file behind.
package run
