// Package checkpoint saves and restores a run's GoMLX context (weights, α, optimiser state,
// batch-norm statistics) together with the loop's own state, so an interrupted search or training
// resumes exactly: Save and Load, and ReadIdentity for the configuration and data a checkpoint
// belongs to.
//
// It is apart from darts/run, whose folders, records and file names carry no GoMLX, so that
// what only reads a run (figures, notebooks' plots) does not link GoMLX.
//
// A checkpoint file (run.CheckpointFile in a run folder) holds a magic and version, the state as
// JSON, the run's identity (run.ConfigFile and run.DataFile as they were), every variable (scope,
// name, dtype, trainable, dimensions, raw little-endian values) and a CRC-32 of it all. It is
// written atomically; the one it replaces is kept as path+PreviousSuffix, which a damaged newest
// checkpoint falls back to.
package checkpoint
