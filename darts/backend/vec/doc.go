// Package vec holds the float32 vector loops the CPU backend spends its time in (element-wise
// arithmetic and comparisons of fused groups, their exp, sigmoid and tanh, the multiply-adds of
// depthwise convolutions), in AVX2 assembly on
// amd64 CPUs that have it and in plain Go elsewhere. The Go compiler does not vectorise loops, and
// these run at memory speed only when written with 256-bit instructions.
package vec
