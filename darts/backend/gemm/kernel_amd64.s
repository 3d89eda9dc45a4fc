//go:build !purego

#include "textflag.h"

// One k step: two 8-float vectors of the B row (R12 = its stride), then for each of the 6 rows of A a
// broadcast and two FMAs into that row's accumulator pair. A rows 0-2 are addressed from SI and
// rows 3-5 from R11 (= SI + 3·rs) with R8 = rs as scaled index, so strided (unpacked) A costs no
// extra address arithmetic.
#define KSTEP \
	VMOVUPS      (DX), Y0          \
	VMOVUPS      32(DX), Y1        \
	VBROADCASTSS (SI), Y2          \
	VBROADCASTSS (SI)(R8*1), Y3    \
	VFMADD231PS  Y0, Y2, Y4        \
	VFMADD231PS  Y1, Y2, Y5        \
	VFMADD231PS  Y0, Y3, Y6        \
	VFMADD231PS  Y1, Y3, Y7        \
	VBROADCASTSS (SI)(R8*2), Y2    \
	VBROADCASTSS (R11), Y3         \
	VFMADD231PS  Y0, Y2, Y8        \
	VFMADD231PS  Y1, Y2, Y9        \
	VFMADD231PS  Y0, Y3, Y10       \
	VFMADD231PS  Y1, Y3, Y11       \
	VBROADCASTSS (R11)(R8*1), Y2   \
	VBROADCASTSS (R11)(R8*2), Y3   \
	VFMADD231PS  Y0, Y2, Y12       \
	VFMADD231PS  Y1, Y2, Y13       \
	VFMADD231PS  Y0, Y3, Y14       \
	VFMADD231PS  Y1, Y3, Y15       \
	ADDQ         R12, DX           \
	ADDQ         R9, SI            \
	ADDQ         R9, R11

// Stores one row: acc = alpha·acc (+ beta·C), then advance DI by ldc.
#define STOREROW(lo, hi) \
	VMULPS      Y0, lo, lo         \
	VMULPS      Y0, hi, hi         \
	TESTQ       AX, AX             \
	JZ          3(PC)              \
	VFMADD231PS (DI), Y1, lo       \
	VFMADD231PS 32(DI), Y1, hi     \
	VMOVUPS     lo, (DI)           \
	VMOVUPS     hi, 32(DI)         \
	ADDQ        R10, DI

// func sgemmKernel6x16AVX2(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32, ldc int,
//	alpha, beta float32, load int)
TEXT ·sgemmKernel6x16AVX2(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rsA+16(FP), R8
	MOVQ csA+24(FP), R9
	MOVQ b+32(FP), DX
	MOVQ rsB+40(FP), R12
	MOVQ c+48(FP), DI
	MOVQ ldc+56(FP), R10
	LEAQ (SI)(R8*2), R11
	ADDQ R8, R11

	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15

	// Unrolled by 4 to amortise the loop branch; the remainder runs one step at a time.
	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	KSTEP
	KSTEP
	KSTEP
	KSTEP
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	KSTEP
	DECQ CX
	JNZ  loop1

store:
	VBROADCASTSS alpha+64(FP), Y0
	VBROADCASTSS beta+68(FP), Y1
	MOVQ         load+72(FP), AX
	STOREROW(Y4, Y5)
	STOREROW(Y6, Y7)
	STOREROW(Y8, Y9)
	STOREROW(Y10, Y11)
	STOREROW(Y12, Y13)
	STOREROW(Y14, Y15)
	VZEROUPPER
	RET
