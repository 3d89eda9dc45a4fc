// Package bench times DARTS's building blocks on the CPU backends, to show where our kernels
// stand against GoMLX's own pure-Go ones.
//
// OpTable measures, for every DARTS operation at the search's sizes (batch 16, 32×32, C=16,
// float32, NHWC), one forward+backward call: a scalar loss sum(y·r) with a fixed random r, and
// its gradients with respect to the input and every weight. The last row is a whole training
// step of one search cell (14 mixed-op edges, every primitive): forward, backward and an SGD
// update of the weights. Each op runs on two backends:
//
//   - the baseline, "darts-cpu:stock-kernels": GoMLX's pure-Go kernels for convolutions, matrix
//     products, transposes and pools, with only the ops that backend lacks supplied by us;
//   - ours, "darts-cpu".
//
// Each measurement is the median over a number of runs after warm-up. The stock convolutions are
// very slow (about a second for a dense 3×3 forward+backward, minutes for a cell step), so the
// number of runs adapts to a time budget, and the stock cell step is only timed on request.
//
// WriteTable prints the rows aligned, with the speed-up and the GFLOP/s our backend reaches on
// the convolution ops (multiply-adds ×2 of the forward pass and both gradients).
package bench
