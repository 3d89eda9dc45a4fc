//go:build !purego

#include "textflag.h"

DATA onemulgt<>+0(SB)/4, $0x3f800000
GLOBL onemulgt<>(SB), RODATA|NOPTR, $4

// func mulgt32(dst, a, b, c *float32, n int): dst = a * (b > c ? 1 : 0), 8 at a time (n a
// multiple of 8). The ordered > of gt32 (false with a NaN), then the product, as GT and Mul did.
TEXT ·mulgt32(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ c+24(FP), R8
	MOVQ n+32(FP), CX
	VBROADCASTSS onemulgt<>(SB), Y7
	SHRQ $3, CX
	JZ   mulgt32_done
mulgt32_loop:
	VMOVUPS (DX), Y0
	VCMPPS $0x1e, (R8), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMULPS (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, R8
	DECQ CX
	JNZ  mulgt32_loop
mulgt32_done:
	VZEROUPPER
	RET
