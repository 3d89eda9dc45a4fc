package vec

// Comparisons (1 or 0), NaN-propagating maxima and minima, and selections: the ReLUs of a
// network, their gradients (a comparison, then a selection) and masks. As branchy scalar loops
// they ran 20-50 times slower than the arithmetic above (a mispredicted branch per element on a
// ReLU's inputs). Results are bit for bit those of the loops (NaN, ±0 and ±Inf included).

// GT sets dst[i] = 1 if a[i] > b[i], else 0.
func GT(dst, a, b []float32) { cmp(dst, a, b, gt32, func(x, y float32) bool { return x > y }, false) }

// GE sets dst[i] = 1 if a[i] >= b[i], else 0.
func GE(dst, a, b []float32) { cmp(dst, a, b, ge32, func(x, y float32) bool { return x >= y }, false) }

// LT sets dst[i] = 1 if a[i] < b[i], else 0.
func LT(dst, a, b []float32) { cmp(dst, a, b, lt32, func(x, y float32) bool { return x < y }, false) }

// LE sets dst[i] = 1 if a[i] <= b[i], else 0.
func LE(dst, a, b []float32) { cmp(dst, a, b, le32, func(x, y float32) bool { return x <= y }, false) }

// EQ sets dst[i] = 1 if a[i] == b[i], else 0.
func EQ(dst, a, b []float32) { cmp(dst, a, b, eq32, func(x, y float32) bool { return x == y }, false) }

// NE sets dst[i] = 1 if a[i] != b[i] (or either is NaN), else 0.
func NE(dst, a, b []float32) { cmp(dst, a, b, ne32, func(x, y float32) bool { return x != y }, false) }

// Max sets dst[i] = a[i] if it is NaN or greater than b[i], else b[i] (XLA's max: NaN propagates).
func Max(dst, a, b []float32) {
	cmp(dst, a, b, max32, func(x, y float32) bool { return x != x || x > y }, true)
}

// Min sets dst[i] = a[i] if it is NaN or less than b[i], else b[i].
func Min(dst, a, b []float32) {
	cmp(dst, a, b, min32, func(x, y float32) bool { return x != x || x < y }, true)
}

// Where sets dst[i] = a[i] if c[i] != 0, else b[i].
func Where(dst, c, a, b []float32) {
	checkLen(dst, a, b)
	checkLen(dst, c, c)
	done := 0
	if n8 := len(dst) &^ 7; useAsm && n8 > 0 {
		where32(&dst[0], &c[0], &a[0], &b[0], n8)
		done = n8
	}
	for i := done; i < len(dst); i++ {
		if c[i] != 0 {
			dst[i] = a[i]
		} else {
			dst[i] = b[i]
		}
	}
}

// cmp runs kernel on the whole 8-element blocks, then the rest in Go: 1 or 0 by pred, or, for
// a pick (Max, Min), a[i] where pred holds and b[i] elsewhere.
func cmp(dst, a, b []float32, kernel func(dst, a, b *float32, n int), pred func(x, y float32) bool, pick bool) {
	checkLen(dst, a, b)
	done := 0
	if n8 := len(dst) &^ 7; useAsm && n8 > 0 {
		kernel(&dst[0], &a[0], &b[0], n8)
		done = n8
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := done; i < len(dst); i++ {
		x, y := a[i], b[i]
		switch {
		case pick && pred(x, y):
			dst[i] = x
		case pick:
			dst[i] = y
		case pred(x, y):
			dst[i] = 1
		default:
			dst[i] = 0
		}
	}
}
