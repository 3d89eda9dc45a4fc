package vec

// MulGT sets dst[i] = a[i] * (b[i] > c[i] ? 1 : 0): a product with a ReLU indicator (forward
// x·(x > 0), backward g·(y > 0)) in one pass where GT and Mul made two. The same IEEE product as
// the two passes, so the same results bit for bit: a NaN or ±Inf in a gives NaN where the
// indicator is 0, and −0 times 0 stays −0.
func MulGT(dst, a, b, c []float32) {
	checkLen(dst, a, b)
	checkLen(dst, c, c)
	done := 0
	if n8 := len(dst) &^ 7; useAsm && n8 > 0 {
		mulgt32(&dst[0], &a[0], &b[0], &c[0], n8)
		done = n8
	}
	a, b, c = a[:len(dst)], b[:len(dst)], c[:len(dst)]
	for i := done; i < len(dst); i++ {
		var ind float32
		if b[i] > c[i] {
			ind = 1
		}
		dst[i] = a[i] * ind
	}
}
