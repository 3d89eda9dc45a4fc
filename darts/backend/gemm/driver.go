package gemm

import (
	"sync"
	"sync/atomic"
)

// kernelFunc computes an mr×nr tile acc[r][j] = Σ_p A(r,p)·B(p,j) for p < k, where A(r,p) is
// a[r*rsA+p*csA] and B(p,j) is b[p*rsB+j] (rows of a packed panel, or of B itself), then stores
// C = alpha·acc + beta·C when load is true, or C = alpha·acc without reading C otherwise.
// The caller guarantees k ≥ 1 and that all mr rows of A and the whole tile of C are in bounds.
type kernelFunc[T float32 | float64] func(k int, a []T, rsA, csA int, b []T, rsB int, c []T, ldc int, alpha, beta T, load bool)

// config describes one kernel and the blocking tuned for it.
type config[T float32 | float64] struct {
	mr, nr int // register tile of the kernel
	kc     int // depth of a k block: an mr×kc sliver of A must stay in L1
	nc     int // columns of a block of packed B (multiple of nr): kc×nc must stay in L2
	kernel kernelFunc[T]
	// rowKernels are kernels for fewer rows than mr, by increasing kr, for a ragged last row
	// panel (see kernelFor); nil where the mr kernel serves every panel.
	rowKernels []rowKernel[T]
	// Packed B buffers and per-worker scratch are pooled apart: in one pool a small scratch slice
	// would often be handed out for the next packed B, which then had to be allocated anew.
	bPool, scratchPool bufPool[T]
}

// rowKernel is a kernel for a kr×nr tile, kr < mr, with the mr kernel's conventions.
type rowKernel[T float32 | float64] struct {
	kr     int
	kernel kernelFunc[T]
}

// kernelFor returns the kernel for a row panel of rows ≤ mr rows and the rows it computes: the
// smallest of rowKernels that covers them, else the mr kernel.
//
// At batch sizes that are not a multiple of mr the last row panel is ragged: 64 = 5·12 + 4 on
// the AVX-512 kernel (the PTB cell), 256 = 21·12 + 4 (RNN search). Run on the mr kernel, its
// A is padded with zero rows and 12 rows of FMAs yield 4 useful ones (about 11% of all the
// arithmetic at m = 64), plus a copy out of a scratch tile. A kernel of kr ≥ rows rows does
// at most kr - rows rows of wasted FMAs, and when kr = rows it reads A in place and stores
// straight into C like a full panel. PTB cell shapes on 2 cores, medians of 5 alternated runs:
// h·W 168 → 180 GFLOP/s, with B packed once (GemmPacked) 209 → 218, dy·Wᵀ packed 172 → 188; at
// batch 256 the ragged panel is 1/22 of the rows and the gain is within the noise.
func (cfg *config[T]) kernelFor(rows int) (kernelFunc[T], int) {
	if useRowKernels {
		for _, rk := range cfg.rowKernels {
			if rows <= rk.kr {
				return rk.kernel, rk.kr
			}
		}
	}
	return cfg.kernel, cfg.mr
}

// useRowKernels turns kernelFor's smaller kernels on; a variable so that tests can compare.
var useRowKernels = true

// problem carries the arguments of one call through the driver.
type problem[T float32 | float64] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c        []T
	lda, ldb, ldc  int
	packedB        []T  // ceil(n/nr) panels, each k×nr, zero padded
	directB        bool // full panels are read from b in place; only a ragged last panel is packed
	prepacked      bool // packedB already holds every panel (GemmPacked)
	colChunks      bool // workers take chunks of column panels, each over all rows (runParallel)
}

// run packs B (in parallel), then splits C between workers and multiplies.
func run[T float32 | float64](cfg *config[T], p *problem[T]) {
	mPanels := ceilDiv(p.m, cfg.mr)
	nPanels := ceilDiv(p.n, cfg.nr)
	// More workers than panels would only idle.
	t := min(workers(p.m, p.n, p.k), max(mPanels, nPanels))

	if !p.prepacked {
		packed := cfg.bPool.get(nPanels * cfg.nr * p.k)
		defer cfg.bPool.put(packed)
		p.packedB = *packed
	}
	// A narrow row-major B is already laid out like packed panels (k rows of nr floats, with a
	// short stride), so copying it would only cost bandwidth; this is the im2col case. So is any
	// row-major B that few row panels read (a recurrent cell's h·W at batch 64: 6 panels): the
	// copy costs as much as those panels' reads of it (PTB cell 64×850·850×1700 on 2 cores:
	// 147-151 → 182 GFLOP/s; the same FMAs on the same values, so the same results).
	p.directB = !p.prepacked && !p.transB && (p.ldb <= directBMaxLd*cfg.nr || mPanels <= directBMaxRowPanels)

	if t == 1 {
		// No closures on this path: they and the problem they capture would be heap allocated,
		// a measurable cost for the many small products of a network.
		packBRange(p, 0, nPanels, cfg.nr)
		compute(cfg, p, 0, mPanels, 0, nPanels)
		return
	}
	runParallel(cfg, *p, t, mPanels, nPanels)
}

// runParallel multiplies with t workers; p is a copy so that only this path pays for moving it
// to the heap.
//
// Splitting rows lets every worker stream its own part of A once against the shared packed B;
// columns are split when there are too few row panels to keep the workers busy, or when B is
// much wider than A is tall (a recurrent cell's h·W at batch 64: 6 row panels, 107 column
// panels): then each worker packs just the B panels it uses and multiplies them while they are
// in its cache, where split by rows both workers streamed all of packed B (PTB cell shapes,
// 64×850·850×1700 and 64×1700·(850×1700)ᵀ on 2 cores: 107 → 147-151 and 99 → 129-130 GFLOP/s,
// BenchmarkSgemm/rnn_ptb_*). Work is handed out in chunks from a shared
// counter rather than in t fixed shares, so a worker whose core is busy with something else
// (other goroutines, other processes) does not hold up the whole call.
func runParallel[T float32 | float64](cfg *config[T], p problem[T], t, mPanels, nPanels int) {
	byRows := mPanels >= nPanels || (mPanels >= 2*t && nPanels < 8*mPanels)
	if byRows && (!p.directB || p.n%cfg.nr != 0) {
		parallel(min(t, nPanels), func(w, nw int) {
			lo, hi := split(nPanels, w, nw)
			packBRange(&p, lo, hi, cfg.nr)
		})
	}
	panels := nPanels
	if byRows {
		panels = mPanels
	}
	p.colChunks = !byRows
	chunk := max(1, ceilDiv(panels, t*chunksPerWorker))
	var next atomic.Int64
	parallel(t, func(_, _ int) {
		for {
			lo := int(next.Add(1)-1) * chunk
			if lo >= panels {
				return
			}
			hi := min(lo+chunk, panels)
			if byRows {
				compute(cfg, &p, lo, hi, 0, nPanels)
			} else {
				packBRange(&p, lo, hi, cfg.nr)
				compute(cfg, &p, 0, mPanels, lo, hi)
			}
		}
	})
}

// chunksPerWorker sets the work-sharing granularity: enough chunks to even out a slow worker,
// few enough that each still spans many kernel calls.
const chunksPerWorker = 4

// compute multiplies row panels [r0,r1) by column panels [c0,c1) of C.
func compute[T float32 | float64](cfg *config[T], p *problem[T], r0, r1, c0, c1 int) {
	if r0 >= r1 || c0 >= c1 {
		return
	}
	mr, nr, k := cfg.mr, cfg.nr, p.k
	scratch := cfg.scratchPool.get(mr*min(cfg.kc, k) + mr*nr)
	defer cfg.scratchPool.put(scratch)
	aBuf := (*scratch)[:mr*min(cfg.kc, k)]
	tile := (*scratch)[len(aBuf):]
	// Workers that split the columns would each pack all of A again, chunk after chunk: a short
	// row-major A (the recurrent cell's 64×850 h, 217 KB, in L2) is cheaper read in place (PTB
	// training step 1,921-1,987 -> 1,854-1,894 ms, interleaved; GemmPacked dy·Wᵀ +5-10%).
	pack := shouldPackA(p.transA, min(c1-c0, cfg.nc/nr), p.lda) && !(p.colChunks && !p.transA)
	ncPanels := cfg.nc / nr

	for jc := c0; jc < c1; jc += ncPanels {
		jcEnd := min(jc+ncPanels, c1)
		for pc := 0; pc < k; pc += cfg.kc {
			kb := min(cfg.kc, k-pc)
			// Only the first k block applies the caller's beta; later ones accumulate.
			beta, load := p.beta, p.beta != 0
			if pc > 0 {
				beta, load = 1, true
			}
			for ip := r0; ip < r1; ip++ {
				i := ip * mr
				rows := min(mr, p.m-i)
				kernel, kr := cfg.kernel, mr
				if rows < mr {
					kernel, kr = cfg.kernelFor(rows)
				}
				var as []T
				var rs, cs int
				switch {
				case pack || rows < kr:
					packA(p, aBuf, i, rows, pc, kb, kr)
					as, rs, cs = aBuf, 1, kr
				case p.transA:
					as, rs, cs = p.a[pc*p.lda+i:], 1, p.lda
				default:
					as, rs, cs = p.a[i*p.lda+pc:], p.lda, 1
				}
				for jp := jc; jp < jcEnd; jp++ {
					j := jp * nr
					cols := min(nr, p.n-j)
					bs, rsB := p.packedB[jp*nr*k+pc*nr:], nr
					if p.directB && cols == nr {
						bs, rsB = p.b[pc*p.ldb+j:], p.ldb
					}
					if rows == kr && cols == nr {
						kernel(kb, as, rs, cs, bs, rsB, p.c[i*p.ldc+j:], p.ldc, p.alpha, beta, load)
						continue
					}
					if rows == kr && overlapRaggedCols && !load && kb == k && jp > c0 && !p.transB && !p.prepacked {
						// The last nr columns of C instead: see overlapRaggedCols.
						j2 := p.n - nr
						kernel(kb, as, rs, cs, p.b[j2:], p.ldb, p.c[i*p.ldc+j2:], p.ldc, p.alpha, 0, false)
						continue
					}
					// Ragged edge: compute the kr×nr tile into scratch, then merge what exists.
					kernel(kb, as, rs, cs, bs, rsB, tile, nr, p.alpha, 0, false)
					mergeTile(tile, nr, p.c[i*p.ldc+j:], p.ldc, rows, cols, beta, load)
				}
			}
		}
	}
}

// overlapRaggedCols: a ragged last column panel of a product that C only receives (beta 0, all
// of k in one block) runs as the full tile ending at C's last column, read from B in place,
// stored straight into C. The columns it shares with the panel before are computed again by
// the same chain of FMAs over the same k, so they are rewritten with the values they hold.
// Before, the tile went to scratch and was copied out by mergeTile, which at the 1×1
// convolutions' 36 and 72 output channels (k = 36..144, one kernel call of a few hundred
// FMAs per tile) cost about as much as the kernel. jp > c0 keeps the shared columns to the
// same call, so no other worker writes them at the same time. A variable so tests can compare.
var overlapRaggedCols = true

// directBMaxRowPanels: a B that at most this many row panels read is used in place whatever its
// stride (see run): packing it would cost about as much as those panels' reads.
const directBMaxRowPanels = 8

// directBMaxLd bounds, in panels, the row stride of a B read in place: beyond a few panels the
// kc rows of a panel are spread over many pages and L1 sets, and packing pays for itself.
const directBMaxLd = 4

// shouldPackA reports whether A slivers are copied before use. Reading A in place saves a copy
// whose cost is comparable to the arithmetic when C has few column panels (the im2col shapes,
// n ≤ 64): measured, packing there runs 1.5-3× slower. Transposed A read in place touches one
// cache line per k step, which evicts the B panel from L1 once the sliver is reused over several
// column panels (1024³ with transA: 30% slower unpacked), so it is packed then, unless A's rows
// are short (lda ≤ transAInPlaceMaxLd): then the kc rows of a sliver lie close together, spread
// over all L1 sets, and the copy is the larger cost (the 1×1 kernel gradients xᵀ·dy, k = batch
// × positions, lda = 36..144 channels: 1.2-1.5× faster per CPU second in place); row-major A is
// packed only when reused over many panels (its rows may alias in L1 sets; a wash at 1024³).
func shouldPackA(transA bool, colPanels, lda int) bool {
	if transA {
		return colPanels > 1 && lda > transAInPlaceMaxLd
	}
	return colPanels > 4
}

// transAInPlaceMaxLd is the longest row of a transposed A read in place (see shouldPackA).
const transAInPlaceMaxLd = 256

// mergeTile adds the rows×cols corner of an alpha-scaled tile into C.
func mergeTile[T float32 | float64](tile []T, ldt int, c []T, ldc, rows, cols int, beta T, load bool) {
	for r := 0; r < rows; r++ {
		src := tile[r*ldt : r*ldt+cols]
		dst := c[r*ldc : r*ldc+cols]
		if load {
			for j, v := range src {
				dst[j] = v + beta*dst[j]
			}
		} else {
			copy(dst, src)
		}
	}
}

// parallel runs f(w, nw) for w < nw, worker 0 on the calling goroutine.
func parallel(nw int, f func(w, nw int)) {
	if nw <= 1 {
		f(0, 1)
		return
	}
	var wg sync.WaitGroup
	wg.Add(nw - 1)
	for w := 1; w < nw; w++ {
		go func() {
			defer wg.Done()
			f(w, nw)
		}()
	}
	f(0, nw)
	wg.Wait()
}

// split returns worker w's share [lo,hi) of n items, balanced to within one item.
func split(n, w, nw int) (lo, hi int) { return n * w / nw, n * (w + 1) / nw }

func ceilDiv(a, b int) int { return (a + b - 1) / b }
