//go:build !purego

#include "textflag.h"
#include "kernel_avx512_amd64.h"

// The 8×16 and 4×16 AVX-512 kernels serve a ragged last row panel (m mod 12 = 1..8) with the
// calling convention of sgemmKernel12x16AVX512 (kernel_avx512_amd64.s), rows addressed the same
// way: SI + {0, 1, 2, 4}·rs (R8) and SI + {1, 2}·3rs (R15) give rows 0, 1, 2, 4, 3, 6, and
// R11 = SI + 3·rs gives rows 5 and 7. Each accumulator is one FMA chain over k in the same order
// as in the 12-row kernel, so a row of C comes out bit for bit as the 12-row kernel makes it.

#define KSTEP8 \
	VMOVUPS          (DX), Z0              \
	VFMADD231PS.BCST (SI), Z0, Z4          \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z5    \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z6    \
	VFMADD231PS.BCST (SI)(R15*1), Z0, Z7   \
	VFMADD231PS.BCST (SI)(R8*4), Z0, Z8    \
	VFMADD231PS.BCST (R11)(R8*2), Z0, Z9   \
	VFMADD231PS.BCST (SI)(R15*2), Z0, Z10  \
	VFMADD231PS.BCST (R11)(R8*4), Z0, Z11  \
	ADDQ             R12, DX               \
	ADDQ             R9, SI                \
	ADDQ             R9, R11

#define KSTEP4 \
	VMOVUPS          (DX), Z0              \
	VFMADD231PS.BCST (SI), Z0, Z4          \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z5    \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z6    \
	VFMADD231PS.BCST (SI)(R15*1), Z0, Z7   \
	ADDQ             R12, DX               \
	ADDQ             R9, SI

// func sgemmKernel8x16AVX512(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32,
//	ldc int, alpha, beta float32, load int)
TEXT ·sgemmKernel8x16AVX512(SB), NOSPLIT, $0-80
	ARGS
	LEAQ (SI)(R15*1), R11

	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11

	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail8

loop8x4:
	KSTEP8
	KSTEP8
	KSTEP8
	KSTEP8
	DECQ BX
	JNZ  loop8x4

tail8:
	ANDQ $3, CX
	JZ   store8

loop8x1:
	KSTEP8
	DECQ CX
	JNZ  loop8x1

store8:
	VBROADCASTSS alpha+64(FP), Z1
	VBROADCASTSS beta+68(FP), Z2
	MOVQ         load+72(FP), AX
	STOREROW(Z4)
	STOREROW(Z5)
	STOREROW(Z6)
	STOREROW(Z7)
	STOREROW(Z8)
	STOREROW(Z9)
	STOREROW(Z10)
	STOREROW(Z11)
	VZEROUPPER
	RET

// func sgemmKernel4x16AVX512(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32,
//	ldc int, alpha, beta float32, load int)
TEXT ·sgemmKernel4x16AVX512(SB), NOSPLIT, $0-80
	ARGS

	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7

	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail4

loop4x4:
	KSTEP4
	KSTEP4
	KSTEP4
	KSTEP4
	DECQ BX
	JNZ  loop4x4

tail4:
	ANDQ $3, CX
	JZ   store4

loop4x1:
	KSTEP4
	DECQ CX
	JNZ  loop4x1

store4:
	VBROADCASTSS alpha+64(FP), Z1
	VBROADCASTSS beta+68(FP), Z2
	MOVQ         load+72(FP), AX
	STOREROW(Z4)
	STOREROW(Z5)
	STOREROW(Z6)
	STOREROW(Z7)
	VZEROUPPER
	RET
