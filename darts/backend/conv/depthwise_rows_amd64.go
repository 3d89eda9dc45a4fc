//go:build !purego

package conv

// dwRow3 and dwRow5 add one kernel row's taps to a run of n output positions of a stride-1
// depthwise convolution, for the channels c rounds down to a multiple of 4:
//
//	out[o·c + ch] += Σ_{j<K} w[j·c + ch] · x[o·c + j·tapStep + ch]    (K = 3 or 5)
//
// Each channel block's K weights stay in registers for the whole run, so a position costs one
// load and one store of the output and K loads of the input for its K multiply-adds.
//
//go:noescape
func dwRow3(out, x, w *float32, n, c, tapStep int)

//go:noescape
func dwRow5(out, x, w *float32, n, c, tapStep int)

// dw3x3 sets n consecutive output positions of a stride-1 3×3 depthwise convolution whose nine
// taps all lie inside the input, for the channels c rounds down to a multiple of 4:
//
//	out[o·c + ch] = Σ_{i,j<3} w[(3i+j)·c + ch] · x_i[o·c + j·tapStep + ch]
//
// where x_i is input row i of the window at the first position's first tap. The nine weights of
// a channel block stay in registers and the sum in one, so a position costs nine loads and one
// store for its nine multiply-adds.
//
//go:noescape
func dw3x3(out, x0, x1, x2, w *float32, n, c, tapStep int)
