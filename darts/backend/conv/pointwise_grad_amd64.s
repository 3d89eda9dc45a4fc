//go:build !purego

#include "textflag.h"

// The 1×1 kernel-gradient tiles (see pointwise_grad_amd64.go). Per pixel, one row of a (SI,
// byte stride R8) is broadcast against one row of b (DX, byte stride R9) into accumulators that
// are loaded from the tile buffer (DI) at the start and stored back at the end; CX counts the
// pixels. Broadcasts go to a register of their own (Z26..Z29, rotating) rather than into the FMA
// as a memory operand, so that one load serves both columns of a 12×32 row. Each pixel step
// also prefetches the same part of the rows pfa and pfb bytes ahead (R14, BX: the caller's next
// block of pixels), so that while the later tiles of a block run from L1 the next block comes
// in: the first tile over a block otherwise waited on memory for all of it.

#define ARGS \
	MOVQ n+0(FP), CX     \
	MOVQ a+8(FP), SI     \
	MOVQ lda+16(FP), R8  \
	MOVQ b+24(FP), DX    \
	MOVQ ldb+32(FP), R9  \
	MOVQ acc+40(FP), DI  \
	MOVQ pfa+48(FP), R14 \
	MOVQ pfb+56(FP), BX

#define NEXT(label) \
	PREFETCHT0 (SI)(R14*1) \
	PREFETCHT0 (DX)(BX*1)  \
	ADDQ R8, SI \
	ADDQ R9, DX \
	DECQ CX     \
	JNZ  label

// Row r of a 12×32 tile: a[r] times the two 16-float halves of b's row (Z24, Z25).
#define ROW32(off, t, acc0, acc1) \
	VBROADCASTSS off(SI), t    \
	VFMADD231PS  t, Z24, acc0  \
	VFMADD231PS  t, Z25, acc1

// Row r of a 12×16 tile.
#define ROW16(off, t, acc) \
	VBROADCASTSS off(SI), t \
	VFMADD231PS  t, Z24, acc

// Group g of a 4-column tail: a[4g..4g+3] repeated four times (lane l holds a[4g + l%4]) times
// Z24, whose lane l holds b[l/4].
#define GROUP4(off, t, acc) \
	VBROADCASTF32X4 off(SI), t \
	VFMADD231PS     t, Z24, acc

// Group g of an 8-column tail: a[2g], a[2g+1] repeated eight times (one 64-bit broadcast; lane l
// holds a[2g + l%2]) times Z24, whose lane l holds b[l/2].
#define GROUP8(off, t, acc) \
	VBROADCASTSD off(SI), t \
	VFMADD231PS  t, Z24, acc

#define LOAD12 \
	VMOVUPS 0(DI), Z0    \
	VMOVUPS 64(DI), Z1   \
	VMOVUPS 128(DI), Z2  \
	VMOVUPS 192(DI), Z3  \
	VMOVUPS 256(DI), Z4  \
	VMOVUPS 320(DI), Z5  \
	VMOVUPS 384(DI), Z6  \
	VMOVUPS 448(DI), Z7  \
	VMOVUPS 512(DI), Z8  \
	VMOVUPS 576(DI), Z9  \
	VMOVUPS 640(DI), Z10 \
	VMOVUPS 704(DI), Z11

#define STORE12 \
	VMOVUPS Z0, 0(DI)    \
	VMOVUPS Z1, 64(DI)   \
	VMOVUPS Z2, 128(DI)  \
	VMOVUPS Z3, 192(DI)  \
	VMOVUPS Z4, 256(DI)  \
	VMOVUPS Z5, 320(DI)  \
	VMOVUPS Z6, 384(DI)  \
	VMOVUPS Z7, 448(DI)  \
	VMOVUPS Z8, 512(DI)  \
	VMOVUPS Z9, 576(DI)  \
	VMOVUPS Z10, 640(DI) \
	VMOVUPS Z11, 704(DI)

#define LOAD12HI \
	VMOVUPS 768(DI), Z12  \
	VMOVUPS 832(DI), Z13  \
	VMOVUPS 896(DI), Z14  \
	VMOVUPS 960(DI), Z15  \
	VMOVUPS 1024(DI), Z16 \
	VMOVUPS 1088(DI), Z17 \
	VMOVUPS 1152(DI), Z18 \
	VMOVUPS 1216(DI), Z19 \
	VMOVUPS 1280(DI), Z20 \
	VMOVUPS 1344(DI), Z21 \
	VMOVUPS 1408(DI), Z22 \
	VMOVUPS 1472(DI), Z23

#define STORE12HI \
	VMOVUPS Z12, 768(DI)  \
	VMOVUPS Z13, 832(DI)  \
	VMOVUPS Z14, 896(DI)  \
	VMOVUPS Z15, 960(DI)  \
	VMOVUPS Z16, 1024(DI) \
	VMOVUPS Z17, 1088(DI) \
	VMOVUPS Z18, 1152(DI) \
	VMOVUPS Z19, 1216(DI) \
	VMOVUPS Z20, 1280(DI) \
	VMOVUPS Z21, 1344(DI) \
	VMOVUPS Z22, 1408(DI) \
	VMOVUPS Z23, 1472(DI)

// func pwGrad12x32(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int)
TEXT ·pwGrad12x32(SB), NOSPLIT, $0-64
	ARGS
	LOAD12
	LOAD12HI
	TESTQ CX, CX
	JZ    done12x32

loop12x32:
	VMOVUPS (DX), Z24
	VMOVUPS 64(DX), Z25
	ROW32(0, Z26, Z0, Z1)
	ROW32(4, Z27, Z2, Z3)
	ROW32(8, Z28, Z4, Z5)
	ROW32(12, Z29, Z6, Z7)
	ROW32(16, Z26, Z8, Z9)
	ROW32(20, Z27, Z10, Z11)
	ROW32(24, Z28, Z12, Z13)
	ROW32(28, Z29, Z14, Z15)
	ROW32(32, Z26, Z16, Z17)
	ROW32(36, Z27, Z18, Z19)
	ROW32(40, Z28, Z20, Z21)
	ROW32(44, Z29, Z22, Z23)
	NEXT(loop12x32)

done12x32:
	STORE12
	STORE12HI
	VZEROUPPER
	RET

// func pwGrad12x16(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int)
TEXT ·pwGrad12x16(SB), NOSPLIT, $0-64
	ARGS
	LOAD12
	TESTQ CX, CX
	JZ    done12x16

loop12x16:
	VMOVUPS (DX), Z24
	ROW16(0, Z26, Z0)
	ROW16(4, Z27, Z1)
	ROW16(8, Z28, Z2)
	ROW16(12, Z29, Z3)
	ROW16(16, Z26, Z4)
	ROW16(20, Z27, Z5)
	ROW16(24, Z28, Z6)
	ROW16(28, Z29, Z7)
	ROW16(32, Z26, Z8)
	ROW16(36, Z27, Z9)
	ROW16(40, Z28, Z10)
	ROW16(44, Z29, Z11)
	NEXT(loop12x16)

done12x16:
	STORE12
	VZEROUPPER
	RET

// func pwGradT4(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int, idx *int32)
// 36 rows (nine groups of four) × 4 columns; idx spreads b[0..3] over four lanes each.
TEXT ·pwGradT4(SB), NOSPLIT, $0-72
	ARGS
	MOVQ    idx+64(FP), AX
	VMOVUPS (AX), Z31
	LOAD12
	TESTQ   CX, CX
	JZ      doneT4

loopT4:
	VBROADCASTF32X4 (DX), Z24
	VPERMPS         Z24, Z31, Z24
	GROUP4(0, Z26, Z0)
	GROUP4(16, Z27, Z1)
	GROUP4(32, Z28, Z2)
	GROUP4(48, Z29, Z3)
	GROUP4(64, Z26, Z4)
	GROUP4(80, Z27, Z5)
	GROUP4(96, Z28, Z6)
	GROUP4(112, Z29, Z7)
	GROUP4(128, Z26, Z8)
	NEXT(loopT4)

doneT4:
	STORE12
	VZEROUPPER
	RET

// func pwGradT8(n int, a *float32, lda int, b *float32, ldb int, acc *float32, pfa, pfb int, idx *int32)
// 24 rows (twelve groups of two) × 8 columns; idx spreads b[0..7] over two lanes each.
TEXT ·pwGradT8(SB), NOSPLIT, $0-72
	ARGS
	MOVQ    idx+64(FP), AX
	VMOVUPS (AX), Z31
	LOAD12
	TESTQ   CX, CX
	JZ      doneT8

loopT8:
	VBROADCASTF32X8 (DX), Z24
	VPERMPS         Z24, Z31, Z24
	GROUP8(0, Z26, Z0)
	GROUP8(8, Z27, Z1)
	GROUP8(16, Z28, Z2)
	GROUP8(24, Z29, Z3)
	GROUP8(32, Z26, Z4)
	GROUP8(40, Z27, Z5)
	GROUP8(48, Z28, Z6)
	GROUP8(56, Z29, Z7)
	GROUP8(64, Z26, Z8)
	GROUP8(72, Z27, Z9)
	GROUP8(80, Z28, Z10)
	GROUP8(88, Z29, Z11)
	NEXT(loopT8)

doneT8:
	STORE12
	VZEROUPPER
	RET
