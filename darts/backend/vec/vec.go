package vec

// Add sets dst[i] = a[i] + b[i] for i < len(dst); a and b must be at least as long as dst.
func Add(dst, a, b []float32) {
	checkLen(dst, a, b)
	if useAsm && len(dst) > 0 {
		add32(&dst[0], &a[0], &b[0], len(dst))
		return
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// Sub sets dst[i] = a[i] - b[i].
func Sub(dst, a, b []float32) {
	checkLen(dst, a, b)
	if useAsm && len(dst) > 0 {
		sub32(&dst[0], &a[0], &b[0], len(dst))
		return
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// Mul sets dst[i] = a[i] * b[i].
func Mul(dst, a, b []float32) {
	checkLen(dst, a, b)
	if useAsm && len(dst) > 0 {
		mul32(&dst[0], &a[0], &b[0], len(dst))
		return
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// Div sets dst[i] = a[i] / b[i].
func Div(dst, a, b []float32) {
	checkLen(dst, a, b)
	if useAsm && len(dst) > 0 {
		div32(&dst[0], &a[0], &b[0], len(dst))
		return
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] / b[i]
	}
}

// FMAdd sets dst[i] += a[i] * b[i] (one rounding with FMA hardware, two without).
func FMAdd(dst, a, b []float32) {
	checkLen(dst, a, b)
	if useAsm && len(dst) > 0 {
		fmadd32(&dst[0], &a[0], &b[0], len(dst))
		return
	}
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] += a[i] * b[i]
	}
}

func checkLen(dst, a, b []float32) {
	if len(a) < len(dst) || len(b) < len(dst) {
		panic("vec: operand shorter than destination")
	}
}
