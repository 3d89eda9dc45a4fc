// Package gemm implements dense matrix multiplication (GEMM) for row-major float32 and float64
// matrices, the inner loop of convolutions (im2col) and DotGeneral in the darts CPU backend.
//
// Sgemm and Dgemm compute C = alpha·op(A)·op(B) + beta·C with BLAS semantics: when beta is 0,
// C is never read, and when alpha is 0 (or k is 0), A and B are never read.
//
// The float32 path follows the classic Goto/BLIS structure, reduced to what the darts shapes
// need:
//
//   - B is packed once per call into column panels of nr columns (zero padded), so the
//     micro-kernel reads it with unit-stride vector loads;
//   - A is read in place through (row stride, column stride) when that is cache friendly, and
//     packed into an mr×kc panel otherwise (transposed A with wide C, ragged edge panels);
//   - the k dimension is cut in kc blocks and the n dimension in nc blocks so that one block
//     of packed B stays in L2 while the mr×kc sliver of A stays in L1;
//   - a narrow row-major B (n ≤ 64, the im2col case) is read in place instead of packed;
//   - a micro-kernel in Go assembly does the arithmetic, chosen at start-up with
//     golang.org/x/sys/cpu: 12×16 with AVX-512 (FMAs with embedded broadcast of A), else 6×16
//     with AVX2+FMA. A pure-Go register-blocked 4×8 kernel replaces them on CPUs without
//     AVX2/FMA, on other architectures and under the purego build tag; Dgemm always uses it;
//   - a ragged last row panel (m not a multiple of the kernel's rows) is packed with zero rows
//     and run through the full kernel into a scratch tile, then copied into C; with AVX-512,
//     whose 12 rows leave 4 at the recurrent cells' batches (64 = 5·12 + 4, 256 = 21·12 + 4),
//     8×16 and 4×16 kernels take up to 8 rows instead, so that 4 rows cost 4 rows of FMAs, not
//     12, and, when they fill the kernel, are read in place and stored straight into C. They
//     chain the FMAs of a row in the same order, so C is bit for bit what the 12-row kernel
//     makes.
//
// Products of at most 128 multiply-adds skip all of this and run a plain loop.
//
// A B used by many products (a recurrent weight, at every time step) can be packed once with
// PackB and handed to GemmPacked, which skips the packing and streams the panels from
// consecutive addresses (packed.go).
//
// Work is split across goroutines by rows (or by column panels when C is short and wide), handed
// out in chunks from a shared counter; SetThreads bounds the number of goroutines, and products
// under about 64k flops per goroutine run on the caller's goroutine without allocating. Each
// element of C is computed by one goroutine in a fixed order, so for a given kernel the result
// is bitwise the same whatever the thread count. Sgemm and Dgemm may be called concurrently.
//
// BenchmarkSgemm reports GFLOP/s for the darts shapes; compare with BenchmarkSgemmNaive.
// The pure-Go path is forced with the purego build tag (go test -tags purego).
package gemm
