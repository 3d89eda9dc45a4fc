// Command darts is the command-line front end of the DARTS toolkit:
//
//	darts search -data cifar10|mnist|fashion|synthetic|DIR -out DIR [-quick] [-preset darts|pcdarts] [-order 1|2] [-resume] ...
//	darts bench [-layers N] [-channels C] [-batch B] [-order 1|2] [-partial-channels K] [-edge-norm] [-steps S] [-warmup W]
//	darts plot cell|alphas|alphas-time|curves|progress|compare|gif ... -out FILE[.png|.svg|.pdf|.dot]
//	darts bench-ops [-stock-cell] [-runs N] [-min-time D] [-ops LIST]
//	darts params -net search [-layers N] [-channels C] [-classes K]
//	darts derive -alphas FILE [-multiplier M]
//	darts help [command]
//
// search runs a DARTS search into a run directory (checkpointed; Ctrl-C writes a checkpoint and
// -resume continues exactly). bench times full search steps and ends with
// median_ms_per_step=<ms>. plot draws the report figures of package viz. bench-ops prints
// darts/bench's op table (stock pure-Go kernels against darts-cpu). params
// prints the trainable parameter count of a network, alone on the last line so scripts can take
// it with tail -1. derive reads α logits ({"normal": [[...]], "reduce": [[...]]} and/or
// {"recurrent": [[...]]}) and prints the derived genotype in darts/genotype's JSON form.
//
// Each subcommand lives in its own file (cmd_<name>.go) as a function run(args, stdout, stderr)
// that only parses flags and calls library code, so tests run it in-process; main.go dispatches.
// To add a subcommand, write its file and list it in commands(). Exit status: 0 on success, 1
// when the command fails, 2 for a usage error (unknown command or flag, bad flag value).
package main
