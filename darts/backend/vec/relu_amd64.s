//go:build !purego

#include "textflag.h"

DATA onerelu<>+0(SB)/4, $0x3f800000
GLOBL onerelu<>(SB), RODATA|NOPTR, $4

// func relusum32(dst, a, b *float32, n int): dst = a * (a > b ? 1 : 0) + (a - a), 8 at a time
// (n a multiple of 8): the ordered > of gt32, then the product, the difference and the sum.
TEXT ·relusum32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS onerelu<>(SB), Y7
	SHRQ $3, CX
	JZ   relusum32_done
relusum32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x1e, (DX), Y0, Y1
	VANDPS Y7, Y1, Y1
	VMULPS Y1, Y0, Y1
	VSUBPS Y0, Y0, Y2
	VADDPS Y2, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  relusum32_loop
relusum32_done:
	VZEROUPPER
	RET
