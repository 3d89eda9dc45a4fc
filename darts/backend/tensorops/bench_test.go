package tensorops

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The benchmarks use the largest DARTS activation, 16×34×34×64 float32 (NHWC), and compare each
// kernel against a plain copy of the same bytes, the floor for any data movement.

var benchDims = []int{16, 34, 34, 64}

func benchSrc() []float32 {
	src := make([]float32, prod(benchDims))
	for i := range src {
		src[i] = float32(i)
	}
	return src
}

func BenchmarkCopyBaseline(b *testing.B) {
	src := benchSrc()
	dst := make([]float32, len(src))
	b.SetBytes(int64(4 * len(src)))
	for b.Loop() {
		copy(dst, src)
	}
}

func BenchmarkTransposeNHWCToNCHW(b *testing.B) {
	src := benchSrc()
	dst := make([]float32, len(src))
	b.SetBytes(int64(4 * len(src)))
	for b.Loop() {
		Transpose(dst, src, benchDims, []int{0, 3, 1, 2})
	}
}

func BenchmarkTransposeNCHWToNHWC(b *testing.B) {
	src := benchSrc()
	dst := make([]float32, len(src))
	dims := []int{16, 64, 34, 34}
	b.SetBytes(int64(4 * len(src)))
	for b.Loop() {
		Transpose(dst, src, dims, []int{0, 2, 3, 1})
	}
}

func BenchmarkPadSpatial1(b *testing.B) {
	src := benchSrc()
	axes := []PadAxis{{}, {1, 1, 0}, {1, 1, 0}}
	outDims, _ := PadShape(benchDims, axes)
	dst := make([]float32, prod(outDims))
	b.SetBytes(int64(4 * len(dst)))
	for b.Loop() {
		Pad(dst, src, benchDims, 0, axes)
	}
}

func BenchmarkReverseSpatial(b *testing.B) {
	src := benchSrc()
	dst := make([]float32, len(src))
	b.SetBytes(int64(4 * len(src)))
	for b.Loop() {
		Reverse(dst, src, benchDims, []int{1, 2})
	}
}

// BenchmarkReduceWindowPool3x3 times DARTS's pools (3×3, padding 1) on a search cell's shapes:
// 8 channels at 32×32 (the first cells of a C=8 search) and 64 at 8×8.
func BenchmarkReduceWindowPool3x3(b *testing.B) {
	window, padding := []int{1, 3, 3, 1}, [][2]int{{}, {1, 1}, {1, 1}, {}}
	for _, dims := range [][]int{{16, 32, 32, 8}, {16, 8, 8, 64}} {
		src := make([]float32, prod(dims))
		for _, stride := range []int{1, 2} {
			strides := []int{1, stride, stride, 1}
			dst := make([]float32, prod(WindowOutputShape(dims, window, strides, padding)))
			for _, op := range []WindowReduction{WindowSum, WindowMax} {
				b.Run(fmt.Sprintf("%v/stride%d/op%d", dims, stride, op), func(b *testing.B) {
					for b.Loop() {
						ReduceWindow(dst, src, dims, window, strides, padding, op)
					}
				})
			}
		}
	}
}

// BenchmarkSelectAndScatterMaxPool3x3 times max pooling's gradient (3×3, stride 1, padding 1)
// at 64 channels and at the 2 of PC-DARTS's partial edges in a C=8 search.
func BenchmarkSelectAndScatterMaxPool3x3(b *testing.B) {
	window, strides := []int{1, 3, 3, 1}, []int{1, 1, 1, 1}
	padding := [][2]int{{}, {1, 1}, {1, 1}, {}}
	for _, dims := range [][]int{benchDims, {64, 32, 32, 2}} {
		src := make([]float32, prod(dims))
		for i := range src {
			src[i] = float32(i%7) - float32(i%5)
		}
		source := make([]float32, prod(WindowOutputShape(dims, window, strides, padding)))
		dst := make([]float32, len(src))
		b.Run(fmt.Sprint(dims), func(b *testing.B) {
			for b.Loop() {
				SelectAndScatter(dst, src, dims, source, window, strides, padding, true)
			}
		})
	}
}

func BenchmarkTransposeTiny(b *testing.B) {
	src := make([]float32, 2*3*4)
	dst := make([]float32, len(src))
	for b.Loop() {
		Transpose(dst, src, []int{2, 3, 4}, []int{2, 0, 1})
	}
}

// BenchmarkStridedPoolsTraining times the strided pools of a CIFAR-10 training step (batch 32):
// the reduction cells' 3×3 stride-2 padding-1 max pools and their gradients at 72 and 144
// channels, and the auxiliary head's 5×5 stride-3 sum pool. Bytes: operand, plus source and
// output (for SelectAndScatter: operand and output, plus source).
func BenchmarkStridedPoolsTraining(b *testing.B) {
	for _, tc := range []struct {
		dims, window, strides []int
		padding               [][2]int
	}{
		{[]int{32, 32, 32, 72}, []int{1, 3, 3, 1}, []int{1, 2, 2, 1}, [][2]int{{}, {1, 1}, {1, 1}, {}}},
		{[]int{32, 16, 16, 144}, []int{1, 3, 3, 1}, []int{1, 2, 2, 1}, [][2]int{{}, {1, 1}, {1, 1}, {}}},
		{[]int{32, 8, 8, 576}, []int{1, 5, 5, 1}, []int{1, 3, 3, 1}, [][2]int{{}, {}, {}, {}}},
	} {
		src := make([]float32, prod(tc.dims))
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range src {
			src[i] = float32(rng.NormFloat64()) // a pooling's inputs: which tap wins is unpredictable
		}
		out := make([]float32, prod(WindowOutputShape(tc.dims, tc.window, tc.strides, tc.padding)))
		b.Run(fmt.Sprintf("max%v", tc.dims), func(b *testing.B) {
			b.SetBytes(int64(4 * (len(src) + len(out))))
			for b.Loop() {
				ReduceWindow(out, src, tc.dims, tc.window, tc.strides, tc.padding, WindowMax)
			}
		})
		b.Run(fmt.Sprintf("sum%v", tc.dims), func(b *testing.B) {
			b.SetBytes(int64(4 * (len(src) + len(out))))
			for b.Loop() {
				ReduceWindow(out, src, tc.dims, tc.window, tc.strides, tc.padding, WindowSum)
			}
		})
		dst := make([]float32, len(src))
		b.Run(fmt.Sprintf("selectscatter%v", tc.dims), func(b *testing.B) {
			b.SetBytes(int64(4 * (2*len(src) + len(out))))
			for b.Loop() {
				SelectAndScatter(dst, src, tc.dims, out, tc.window, tc.strides, tc.padding, true)
			}
		})
	}
}

// BenchmarkConcatenateCell joins a training cell's four 36-channel states at 32×32, batch 32,
// on the channel axis (runs of 144 bytes). Bytes: read and written.
func BenchmarkConcatenateCell(b *testing.B) {
	dims := []int{32, 32, 32, 36}
	srcs, allDims := make([][]float32, 4), make([][]int, 4)
	for k := range srcs {
		srcs[k], allDims[k] = make([]float32, prod(dims)), dims
	}
	dst := make([]float32, 4*prod(dims))
	b.SetBytes(int64(8 * len(dst)))
	for b.Loop() {
		Concatenate(dst, srcs, allDims, 3)
	}
}
