// Package gemm implements dense matrix multiplication (GEMM) for row-major float32 and float64
// matrices, the inner loop of convolutions and DotGeneral in the darts CPU backend.
package gemm
