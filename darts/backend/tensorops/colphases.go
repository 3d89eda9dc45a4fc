package tensorops

// colPhases holds one NHWC image [h, w, c] with each row's pixels regrouped by column modulo a
// column stride sw: phase r of a row is its columns r, r+sw, r+2sw, ... side by side. A pooling
// at column stride sw reads, for window column j, input column x·sw − pl + j for output x: one
// phase at consecutive positions, so the row kernels (pool2DRowsF32, selectScatterRowsF32) can
// still combine a whole run of output pixels with one vector operation over all their
// channels, where the input itself has the pixels sw apart. At sw = 1 the image is used as it
// lies, without a copy.
type colPhases struct {
	h, w, c, sw int
	buf         []float32 // the regrouped image (the image itself at sw = 1)
	off, cols   []int     // phase r's rows start at off[r] and have cols[r] pixels
	loaded      int       // index of the image in buf, -1 before the first load
}

func newColPhases(h, w, c, sw int) *colPhases {
	p := &colPhases{h: h, w: w, c: c, sw: sw, loaded: -1, off: make([]int, sw), cols: make([]int, sw)}
	if sw > 1 {
		p.buf = make([]float32, h*w*c)
	}
	o := 0
	for r := range sw {
		p.cols[r] = max(0, (w-r+sw-1)/sw)
		p.off[r] = o
		o += h * p.cols[r] * c
	}
	return p
}

// load makes image b of the NHWC tensor x current (a no-op when it already is).
func (p *colPhases) load(x []float32, b int) {
	if p.loaded == b {
		return
	}
	p.loaded = b
	size := p.h * p.w * p.c
	img := x[b*size : (b+1)*size]
	if p.sw == 1 {
		p.buf = img
		return
	}
	c := p.c
	for i := range p.h {
		row := img[i*p.w*c : (i+1)*p.w*c]
		for r := range p.sw {
			dst := p.row(r, i)
			for k := range p.cols[r] {
				copy(dst[k*c:(k+1)*c], row[(k*p.sw+r)*c:])
			}
		}
	}
}

// row is phase r of row i of the current image: cols[r]·c values.
func (p *colPhases) row(r, i int) []float32 {
	n := p.cols[r] * p.c
	o := p.off[r] + i*n
	return p.buf[o : o+n]
}

// tap returns, for the window column j of a pooling at column stride sw with left padding pl
// over rows of w pixels giving ow outputs, the outputs [x0, x1) whose tap j lies inside the row,
// and where it lies: output x reads pixel x+q of phase r.
func (p *colPhases) tap(j, pl, ow int) (x0, x1, r, q int) {
	d := j - pl // input column of output x: x·sw + d
	q = floorDiv(d, p.sw)
	r = d - q*p.sw
	return max(0, -q), min(ow, floorDiv(p.w-1-d, p.sw)+1), r, q
}

// floorDiv is ⌊a/b⌋ for b > 0 (Go's / truncates towards zero).
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
