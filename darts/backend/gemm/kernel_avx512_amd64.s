//go:build !purego

#include "textflag.h"
#include "kernel_avx512_amd64.h"

// One k step of the 12×16 AVX-512 tile: one 16-float load of the B row, then per row of A an
// FMA whose A operand is broadcast from memory by the instruction itself ({1to16}), so a k step
// is 13 instructions for 12 FMAs. Rows are addressed without per-row pointers:
//   SI + {0, 1, 2, 4, 8}·rs (R8) and SI + {1, 2}·3rs (R15) give rows 0, 1, 2, 4, 8, 3, 6;
//   R11 = SI + 3·rs gives rows 5 and 7; R13 = SI + 9·rs gives rows 9, 10, 11.
#define KSTEP \
	VMOVUPS          (DX), Z0              \
	VFMADD231PS.BCST (SI), Z0, Z4          \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z5    \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z6    \
	VFMADD231PS.BCST (SI)(R15*1), Z0, Z7   \
	VFMADD231PS.BCST (SI)(R8*4), Z0, Z8    \
	VFMADD231PS.BCST (R11)(R8*2), Z0, Z9   \
	VFMADD231PS.BCST (SI)(R15*2), Z0, Z10  \
	VFMADD231PS.BCST (R11)(R8*4), Z0, Z11  \
	VFMADD231PS.BCST (SI)(R8*8), Z0, Z12   \
	VFMADD231PS.BCST (R13), Z0, Z13        \
	VFMADD231PS.BCST (R13)(R8*1), Z0, Z14  \
	VFMADD231PS.BCST (R13)(R8*2), Z0, Z15  \
	ADDQ             R12, DX               \
	ADDQ             R9, SI                \
	ADDQ             R9, R11               \
	ADDQ             R9, R13

// func sgemmKernel12x16AVX512(k int, a *float32, rsA, csA int, b *float32, rsB int, c *float32,
//	ldc int, alpha, beta float32, load int)
TEXT ·sgemmKernel12x16AVX512(SB), NOSPLIT, $0-80
	ARGS
	LEAQ (SI)(R15*1), R11
	LEAQ (R11)(R15*2), R13

	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15

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
	STOREROW(Z12)
	STOREROW(Z13)
	STOREROW(Z14)
	STOREROW(Z15)
	VZEROUPPER
	RET
