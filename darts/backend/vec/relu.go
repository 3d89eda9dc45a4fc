package vec

// ReLUSum sets dst[i] = a[i]·(a[i] > b[i] ? 1 : 0) + (a[i] − a[i]): ops.ReLU's forward
// x·(x > 0) + (x − x) (the second term carries its gradient), in one pass where MulGT, Sub and
// Add made three. The same IEEE operations in the same order, so the same results bit for bit:
// x for x > 0, +0 for other finite x, NaN for ±Inf and NaN.
func ReLUSum(dst, a, b []float32) {
	checkLen(dst, a, b)
	done := 0
	if n8 := len(dst) &^ 7; useAsm && n8 > 0 {
		relusum32(&dst[0], &a[0], &b[0], n8)
		done = n8
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := done; i < len(dst); i++ {
		x := a[i]
		var ind float32
		if x > b[i] {
			ind = 1
		}
		dst[i] = float32(x*ind) + (x - x) // rounded apart, as the passes (exact anyway: ind is 0 or 1)
	}
}
