//go:build !purego

#include "textflag.h"

// The 1×1 convolution row tiles (see pointwise_mul_amd64.go). Per k step, one row of b (DX,
// byte stride R9) is loaded and each of 12 rows of a broadcasts its k-th value against it. The
// 12 rows are addressed without a pointer each, as in gemm's AVX-512 kernel: SI + {0,1,2,4,8}·lda
// (R8) and SI + {1,2}·3lda (R15) give rows 0, 1, 2, 4, 8, 3, 6; R11 = SI + 3·lda gives rows 5
// and 7; R13 = SI + 9·lda rows 9, 10, 11. AX is the group's first row of a, BX its first row of
// c, R12 = 12·lda and CX the k counter.
//
// pwMul12x32 also prefetches the next group's rows of a, one cache line per k step from R14
// (they are consecutive, 12·lda bytes, which k steps of 64 bytes cover when lda is k): the
// group's own rows are read a value at a time over all of k, which the hardware prefetchers
// follow too late; measured per CPU second, m·k·n = 98304·144·36 went from 103-119 to 150-170
// GFLOP/s and 98304·36·36 from 117-131 to 154. pwMul12x16 runs after it on the same rows
// (from L1) except where n < 32. R14 is free in ABI0 code.

#define SETUP \
	MOVQ a+8(FP), AX     \
	MOVQ lda+16(FP), R8  \
	MOVQ ldb+32(FP), R9  \
	MOVQ c+48(FP), BX    \
	MOVQ ldc+56(FP), R10 \
	LEAQ (R8)(R8*2), R15 \
	LEAQ (R15)(R15*1), R12 \
	SHLQ $1, R12

// Rows of a at this k step, broadcast into t.
#define ROW0(t) VBROADCASTSS (SI), t
#define ROW1(t) VBROADCASTSS (SI)(R8*1), t
#define ROW2(t) VBROADCASTSS (SI)(R8*2), t
#define ROW3(t) VBROADCASTSS (SI)(R15*1), t
#define ROW4(t) VBROADCASTSS (SI)(R8*4), t
#define ROW5(t) VBROADCASTSS (R11)(R8*2), t
#define ROW6(t) VBROADCASTSS (SI)(R15*2), t
#define ROW7(t) VBROADCASTSS (R11)(R8*4), t
#define ROW8(t) VBROADCASTSS (SI)(R8*8), t
#define ROW9(t) VBROADCASTSS (R13), t
#define ROW10(t) VBROADCASTSS (R13)(R8*1), t
#define ROW11(t) VBROADCASTSS (R13)(R8*2), t

#define FMA2(t, acc0, acc1) \
	VFMADD231PS t, Z24, acc0 \
	VFMADD231PS t, Z25, acc1

#define FMA1(t, acc) VFMADD231PS t, Z24, acc

#define GROUP_START \
	MOVQ AX, SI              \
	LEAQ (SI)(R15*1), R11    \
	LEAQ (R11)(R15*2), R13   \
	MOVQ b+24(FP), DX        \
	MOVQ k+40(FP), CX        \
	MOVQ BX, DI

#define KSTEP_END(label) \
	ADDQ $4, SI   \
	ADDQ $4, R11  \
	ADDQ $4, R13  \
	ADDQ R9, DX   \
	DECQ CX       \
	JNZ  label

#define GROUP_END(label) \
	ADDQ R12, AX             \
	IMUL3Q $12, R10, DX      \
	ADDQ DX, BX              \
	DECQ groups+0(FP)        \
	JNZ  label

#define ZERO(z) VPXORD z, z, z

// func pwMul12x32(groups int, a *float32, lda int, b *float32, ldb, k int, c *float32, ldc int)
TEXT ·pwMul12x32(SB), NOSPLIT, $0-64
	SETUP

group32:
	GROUP_START
	LEAQ (AX)(R12*1), R14
	ZERO(Z0)
	ZERO(Z1)
	ZERO(Z2)
	ZERO(Z3)
	ZERO(Z4)
	ZERO(Z5)
	ZERO(Z6)
	ZERO(Z7)
	ZERO(Z8)
	ZERO(Z9)
	ZERO(Z10)
	ZERO(Z11)
	ZERO(Z12)
	ZERO(Z13)
	ZERO(Z14)
	ZERO(Z15)
	ZERO(Z16)
	ZERO(Z17)
	ZERO(Z18)
	ZERO(Z19)
	ZERO(Z20)
	ZERO(Z21)
	ZERO(Z22)
	ZERO(Z23)
	TESTQ CX, CX
	JZ    store32

k32:
	PREFETCHT0 (R14)
	ADDQ       $64, R14
	VMOVUPS (DX), Z24
	VMOVUPS 64(DX), Z25
	ROW0(Z26)
	FMA2(Z26, Z0, Z1)
	ROW1(Z27)
	FMA2(Z27, Z2, Z3)
	ROW2(Z28)
	FMA2(Z28, Z4, Z5)
	ROW3(Z29)
	FMA2(Z29, Z6, Z7)
	ROW4(Z26)
	FMA2(Z26, Z8, Z9)
	ROW5(Z27)
	FMA2(Z27, Z10, Z11)
	ROW6(Z28)
	FMA2(Z28, Z12, Z13)
	ROW7(Z29)
	FMA2(Z29, Z14, Z15)
	ROW8(Z26)
	FMA2(Z26, Z16, Z17)
	ROW9(Z27)
	FMA2(Z27, Z18, Z19)
	ROW10(Z28)
	FMA2(Z28, Z20, Z21)
	ROW11(Z29)
	FMA2(Z29, Z22, Z23)
	KSTEP_END(k32)

store32:
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z2, (DI)
	VMOVUPS Z3, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z4, (DI)
	VMOVUPS Z5, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z6, (DI)
	VMOVUPS Z7, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z8, (DI)
	VMOVUPS Z9, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z10, (DI)
	VMOVUPS Z11, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z12, (DI)
	VMOVUPS Z13, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z14, (DI)
	VMOVUPS Z15, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z16, (DI)
	VMOVUPS Z17, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z18, (DI)
	VMOVUPS Z19, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z20, (DI)
	VMOVUPS Z21, 64(DI)
	ADDQ    R10, DI
	VMOVUPS Z22, (DI)
	VMOVUPS Z23, 64(DI)
	GROUP_END(group32)
	VZEROUPPER
	RET

// func pwMul12x16(groups int, a *float32, lda int, b *float32, ldb, k int, c *float32, ldc int)
TEXT ·pwMul12x16(SB), NOSPLIT, $0-64
	SETUP

group16:
	GROUP_START
	ZERO(Z0)
	ZERO(Z1)
	ZERO(Z2)
	ZERO(Z3)
	ZERO(Z4)
	ZERO(Z5)
	ZERO(Z6)
	ZERO(Z7)
	ZERO(Z8)
	ZERO(Z9)
	ZERO(Z10)
	ZERO(Z11)
	TESTQ CX, CX
	JZ    store16

k16:
	VMOVUPS (DX), Z24
	ROW0(Z26)
	FMA1(Z26, Z0)
	ROW1(Z27)
	FMA1(Z27, Z1)
	ROW2(Z28)
	FMA1(Z28, Z2)
	ROW3(Z29)
	FMA1(Z29, Z3)
	ROW4(Z26)
	FMA1(Z26, Z4)
	ROW5(Z27)
	FMA1(Z27, Z5)
	ROW6(Z28)
	FMA1(Z28, Z6)
	ROW7(Z29)
	FMA1(Z29, Z7)
	ROW8(Z26)
	FMA1(Z26, Z8)
	ROW9(Z27)
	FMA1(Z27, Z9)
	ROW10(Z28)
	FMA1(Z28, Z10)
	ROW11(Z29)
	FMA1(Z29, Z11)
	KSTEP_END(k16)

store16:
	VMOVUPS Z0, (DI)
	ADDQ    R10, DI
	VMOVUPS Z1, (DI)
	ADDQ    R10, DI
	VMOVUPS Z2, (DI)
	ADDQ    R10, DI
	VMOVUPS Z3, (DI)
	ADDQ    R10, DI
	VMOVUPS Z4, (DI)
	ADDQ    R10, DI
	VMOVUPS Z5, (DI)
	ADDQ    R10, DI
	VMOVUPS Z6, (DI)
	ADDQ    R10, DI
	VMOVUPS Z7, (DI)
	ADDQ    R10, DI
	VMOVUPS Z8, (DI)
	ADDQ    R10, DI
	VMOVUPS Z9, (DI)
	ADDQ    R10, DI
	VMOVUPS Z10, (DI)
	ADDQ    R10, DI
	VMOVUPS Z11, (DI)
	GROUP_END(group16)
	VZEROUPPER
	RET
