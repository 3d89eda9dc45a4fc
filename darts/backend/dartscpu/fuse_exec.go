package dartscpu

import (
	"fmt"
	"sync"
	"time"
)

// fuseBlock is the number of elements a fused program computes at a time: small enough that its
// registers stay in L1, large enough that the per-block bookkeeping vanishes.
const fuseBlock = 512

// runFused executes a fused step: allocates its outputs and runs the program over all elements,
// split between two goroutines for large groups.
func (r *run) runFused(i int, st *step) error {
	p := st.program
	ins := make([]any, len(st.inputs))
	for j, s := range r.e.stepIn[i] {
		flat, err := r.data(s)
		if err != nil {
			return fmt.Errorf("%s: fused group: input #%d: %w", Name, j, err)
		}
		ins[j] = flat
	}
	outs := make([]any, len(st.outputs))
	for j := range st.outputs {
		buf, flat, err := r.output(r.e.stepOut[i][j])
		if err != nil {
			return err
		}
		outs[j] = flat
		r.bufs[r.e.stepOut[i][j]], r.owned[r.e.stepOut[i][j]] = buf, true
	}
	var start time.Time
	if profiling() {
		start = time.Now()
	}

	if p.f64 {
		runProgram[float64](p, ins, outs)
	} else {
		runProgram[float32](p, ins, outs)
	}
	if !start.IsZero() {
		d := time.Since(start)
		record("fused elementwise", st.numOps, d, r.e.cost[i])
		if groupProfile {
			record(p.describe(), st.numOps, d, r.e.cost[i])
		}
	}
	for _, s := range r.e.stepIn[i] {
		if err := r.release(s); err != nil {
			return err
		}
	}
	return nil
}

// typedIO holds a program's inputs and outputs as typed slices (float or bool).
type typedIO[T float32 | float64] struct {
	in, out         [][]T
	inBool, outBool [][]bool
}

func runProgram[T float32 | float64](p *fusedProgram, ins, outs []any) {
	io := typedIO[T]{in: make([][]T, len(ins)), inBool: make([][]bool, len(ins)),
		out: make([][]T, len(outs)), outBool: make([][]bool, len(outs))}
	for j, x := range ins {
		if p.inputs[j].isBool {
			io.inBool[j] = x.([]bool)
		} else {
			io.in[j] = x.([]T)
		}
	}
	for j, x := range outs {
		if p.outputs[j].isBool {
			io.outBool[j] = x.([]bool)
		} else {
			io.out[j] = x.([]T)
		}
	}
	// Each goroutine needs its own temps; split only when each half has real work.
	const minPerWorker = 1 << 15
	work := p.size * max(len(p.instrs), 1)
	if p.size < 2*fuseBlock || work < 2*minPerWorker {
		runRange(p, &io, 0, p.size)
		return
	}
	mid := (p.size / 2 / fuseBlock) * fuseBlock
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); runRange(p, &io, mid, p.size) }()
	runRange(p, &io, 0, mid)
	wg.Wait()
}

func runRange[T float32 | float64](p *fusedProgram, io *typedIO[T], lo, hi int) {
	temps := getScratch[T](p.numTemps * fuseBlock)
	defer putScratch(temps)
	regs := make([][]T, len(p.regs))
	// A scalar operand's temp holds the same values in every block (no instruction writes an
	// input's temp): filled once here, not once per block.
	for j, in := range p.inputs {
		if reg := p.regs[in.reg]; reg.kind == regTemp && in.pattern.m == 1 {
			all := temps[reg.index*fuseBlock : (reg.index+1)*fuseBlock]
			if in.isBool {
				fillBool(all, io.inBool[j], in.pattern, 0)
			} else {
				fillPattern(all, io.in[j], in.pattern, 0)
			}
		}
	}
	constSlot := make([]int, len(p.inputs)) // per input: 1 + the source index its whole slot holds, or 0
	for blk := lo; blk < hi; blk += fuseBlock {
		n := min(fuseBlock, hi-blk)
		for r, reg := range p.regs {
			switch reg.kind {
			case regTemp:
				regs[r] = temps[reg.index*fuseBlock : reg.index*fuseBlock+n]
			case regInputView:
				regs[r] = io.in[reg.index][blk : blk+n]
			case regOutputView:
				regs[r] = io.out[reg.index][blk : blk+n]
			}
		}
		for j, in := range p.inputs {
			reg := p.regs[in.reg]
			if reg.kind != regTemp || in.pattern.m == 1 {
				continue
			}
			if q := blk / in.pattern.stride; q == (blk+n-1)/in.pattern.stride {
				// The block lies in one run of a per-sample (per-row) value: the slot keeps it
				// from block to block until the run, and so the value, changes.
				if idx := q % in.pattern.m; constSlot[j] != idx+1 {
					all := temps[reg.index*fuseBlock : (reg.index+1)*fuseBlock]
					if in.isBool {
						fillConst(all, b2f[T](io.inBool[j][idx]))
					} else {
						fillConst(all, io.in[j][idx])
					}
					constSlot[j] = idx + 1
				}
				continue
			}
			constSlot[j] = 0
			if in.isBool {
				fillBool(regs[in.reg], io.inBool[j], in.pattern, blk)
			} else {
				fillPattern(regs[in.reg], io.in[j], in.pattern, blk)
			}
		}
		for _, ins := range p.instrs {
			var a, b, c []T
			if ins.a >= 0 {
				a = regs[ins.a]
			}
			if ins.b >= 0 {
				b = regs[ins.b]
			}
			if ins.c >= 0 {
				c = regs[ins.c]
			}
			apply(ins.op, regs[ins.dst], a, b, c)
		}
		for j, out := range p.outputs {
			if out.isBool {
				dst := io.outBool[j][blk : blk+n]
				for k, v := range regs[out.reg] {
					dst[k] = v != 0
				}
			}
		}
	}
}

// fillPattern writes dst[k] = src[((start+k)/stride) % m].
func fillPattern[T float32 | float64](dst, src []T, p pattern, start int) {
	if p.m == 1 {
		v := src[0]
		for k := range dst {
			dst[k] = v
		}
		return
	}
	q, r := start/p.stride, start%p.stride
	j := q % p.m
	if p.stride == 1 {
		for k := 0; k < len(dst); {
			n := copy(dst[k:], src[j:p.m])
			k += n
			j = 0
		}
		return
	}
	fillRuns(dst, src, p, r, j, func(v T) T { return v })
}

func fillBool[T float32 | float64](dst []T, src []bool, p pattern, start int) {
	q, r := start/p.stride, start%p.stride
	j := q % p.m
	fillRuns(dst, src, p, r, j, b2f[T])
}

// fillRuns writes the runs of p.stride equal values (a per-sample or per-row value broadcast over
// the rest) from src[j] on, the first run already r values in: dst[k] = conv(src[((r+k)/stride+j)%m]).
func fillRuns[S any, T float32 | float64](dst []T, src []S, p pattern, r, j int, conv func(S) T) {
	for k := 0; k < len(dst); {
		run := dst[k:min(k+p.stride-r, len(dst))]
		v := conv(src[j])
		for i := range run {
			run[i] = v
		}
		k += len(run)
		r = 0
		if j++; j == p.m {
			j = 0
		}
	}
}

func fillConst[T float32 | float64](dst []T, v T) {
	for k := range dst {
		dst[k] = v
	}
}
