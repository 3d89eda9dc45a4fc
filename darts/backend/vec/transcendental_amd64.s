//go:build !purego

#include "textflag.h"

// Float32 exp, logistic and tanh four at a time, computed in float64 and rounded once (see
// transcendental.go). Constants: one float64 each, broadcast into registers.

DATA tr_log2e<>+0(SB)/8, $1.4426950408889634
GLOBL tr_log2e<>(SB), RODATA|NOPTR, $8
DATA tr_ln2hi<>+0(SB)/8, $6.93147180369123816490e-01
GLOBL tr_ln2hi<>(SB), RODATA|NOPTR, $8
DATA tr_ln2lo<>+0(SB)/8, $1.90821492927058770002e-10
GLOBL tr_ln2lo<>(SB), RODATA|NOPTR, $8
DATA tr_hi<>+0(SB)/8, $200.0
GLOBL tr_hi<>(SB), RODATA|NOPTR, $8
DATA tr_lo<>+0(SB)/8, $-200.0
GLOBL tr_lo<>(SB), RODATA|NOPTR, $8
DATA tr_one<>+0(SB)/8, $1.0
GLOBL tr_one<>(SB), RODATA|NOPTR, $8
DATA tr_mthird<>+0(SB)/8, $-0.3333333333333333
GLOBL tr_mthird<>(SB), RODATA|NOPTR, $8
DATA tr_small<>+0(SB)/8, $1e-4
GLOBL tr_small<>(SB), RODATA|NOPTR, $8
DATA tr_c2<>+0(SB)/8, $0.5
GLOBL tr_c2<>(SB), RODATA|NOPTR, $8
DATA tr_c3<>+0(SB)/8, $0.16666666666666666
GLOBL tr_c3<>(SB), RODATA|NOPTR, $8
DATA tr_c4<>+0(SB)/8, $0.041666666666666664
GLOBL tr_c4<>(SB), RODATA|NOPTR, $8
DATA tr_c5<>+0(SB)/8, $0.008333333333333333
GLOBL tr_c5<>(SB), RODATA|NOPTR, $8
DATA tr_c6<>+0(SB)/8, $0.001388888888888889
GLOBL tr_c6<>(SB), RODATA|NOPTR, $8
DATA tr_c7<>+0(SB)/8, $0.0001984126984126984
GLOBL tr_c7<>(SB), RODATA|NOPTR, $8
DATA tr_c8<>+0(SB)/8, $2.48015873015873e-05
GLOBL tr_c8<>(SB), RODATA|NOPTR, $8
DATA tr_c9<>+0(SB)/8, $2.7557319223985893e-06
GLOBL tr_c9<>(SB), RODATA|NOPTR, $8
DATA tr_c10<>+0(SB)/8, $2.755731922398589e-07
GLOBL tr_c10<>(SB), RODATA|NOPTR, $8
DATA tr_c11<>+0(SB)/8, $2.505210838544172e-08
GLOBL tr_c11<>(SB), RODATA|NOPTR, $8
DATA tr_c12<>+0(SB)/8, $2.08767569878681e-09
GLOBL tr_c12<>(SB), RODATA|NOPTR, $8
DATA tr_c13<>+0(SB)/8, $1.6059043836821613e-10
GLOBL tr_c13<>(SB), RODATA|NOPTR, $8
DATA tr_bias<>+0(SB)/8, $1023
GLOBL tr_bias<>(SB), RODATA|NOPTR, $8
DATA tr_sign<>+0(SB)/8, $0x8000000000000000
GLOBL tr_sign<>(SB), RODATA|NOPTR, $8
DATA tr_abs<>+0(SB)/8, $0x7fffffffffffffff
GLOBL tr_abs<>(SB), RODATA|NOPTR, $8

// EXPPD sets Y0 = exp(Y0) for |Y0| ≤ 200: Y0 = n·ln2 + r with n = round(Y0·log2e) (ln2 in two
// parts, so r is exact to a few ulps), e^r by its Taylor series to r^13/13! (|r| ≤ 0.35: the
// next term is 4e-18 relative), times 2^n built in the exponent bits. Clobbers Y1-Y3.
#define EXPPD \
	VMULPD Y15, Y0, Y1; \
	VROUNDPD $0, Y1, Y1; \
	VFNMADD231PD Y14, Y1, Y0; \
	VFNMADD231PD Y13, Y1, Y0; \
	VBROADCASTSD tr_c13<>(SB), Y2; \
	VBROADCASTSD tr_c12<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c11<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c10<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c9<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c8<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c7<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c6<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c5<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c4<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c3<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VBROADCASTSD tr_c2<>(SB), Y3; \
	VFMADD213PD Y3, Y0, Y2; \
	VFMADD213PD Y10, Y0, Y2; \
	VFMADD213PD Y10, Y0, Y2; \
	VCVTPD2DQY Y1, X3; \
	VPMOVSXDQ X3, Y3; \
	VPADDQ Y9, Y3, Y3; \
	VPSLLQ $52, Y3, Y3; \
	VMULPD Y3, Y2, Y0

// SETUP loads the constants every kernel uses.
#define SETUP \
	VBROADCASTSD tr_log2e<>(SB), Y15; \
	VBROADCASTSD tr_ln2hi<>(SB), Y14; \
	VBROADCASTSD tr_ln2lo<>(SB), Y13; \
	VBROADCASTSD tr_hi<>(SB), Y12; \
	VBROADCASTSD tr_lo<>(SB), Y11; \
	VBROADCASTSD tr_one<>(SB), Y10; \
	VPBROADCASTQ tr_bias<>(SB), Y9

// func exp32(dst, src *float32, n int): dst = exp(src) (n a multiple of 4).
TEXT ·exp32(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SETUP
	SHRQ $2, CX
	JZ   exp32_done
exp32_loop:
	VCVTPS2PD (SI), Y5
	VMOVAPD Y5, Y0
	VMAXPD Y11, Y0, Y0
	VMINPD Y12, Y0, Y0
	EXPPD
	VCMPPD $3, Y5, Y5, Y6
	VBLENDVPD Y6, Y5, Y0, Y0
	VCVTPD2PSY Y0, X0
	VMOVUPS X0, (DI)
	ADDQ $16, DI
	ADDQ $16, SI
	DECQ CX
	JNZ  exp32_loop
exp32_done:
	VZEROUPPER
	RET

// func logistic32(dst, src *float32, n int): dst = 1/(1+exp(−src)) (n a multiple of 4).
TEXT ·logistic32(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SETUP
	SHRQ $2, CX
	JZ   logistic32_done
logistic32_loop:
	VCVTPS2PD (SI), Y5
	VBROADCASTSD tr_sign<>(SB), Y0
	VXORPD Y5, Y0, Y0
	VMAXPD Y11, Y0, Y0
	VMINPD Y12, Y0, Y0
	EXPPD
	VADDPD Y10, Y0, Y0
	VDIVPD Y0, Y10, Y0
	VCMPPD $3, Y5, Y5, Y6
	VBLENDVPD Y6, Y5, Y0, Y0
	VCVTPD2PSY Y0, X0
	VMOVUPS X0, (DI)
	ADDQ $16, DI
	ADDQ $16, SI
	DECQ CX
	JNZ  logistic32_loop
logistic32_done:
	VZEROUPPER
	RET

// func tanh32(dst, src *float32, n int): dst = tanh(src), as (e−1)/(e+1) with e = exp(2·src), and src·(1 − src²/3) where |src| < 1e-4 (n a multiple of 4).
TEXT ·tanh32(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SETUP
	SHRQ $2, CX
	JZ   tanh32_done
tanh32_loop:
	VCVTPS2PD (SI), Y5
	VADDPD Y5, Y5, Y0
	VMAXPD Y11, Y0, Y0
	VMINPD Y12, Y0, Y0
	EXPPD
	VSUBPD Y10, Y0, Y1
	VADDPD Y10, Y0, Y2
	VDIVPD Y2, Y1, Y0
	VBROADCASTSD tr_abs<>(SB), Y6
	VANDPD Y5, Y6, Y6
	VBROADCASTSD tr_small<>(SB), Y7
	VCMPPD $1, Y7, Y6, Y6
	VMULPD Y5, Y5, Y3
	VBROADCASTSD tr_mthird<>(SB), Y4
	VFMADD213PD Y10, Y4, Y3
	VMULPD Y5, Y3, Y3
	VBLENDVPD Y6, Y3, Y0, Y0
	VCMPPD $3, Y5, Y5, Y6
	VBLENDVPD Y6, Y5, Y0, Y0
	VCVTPD2PSY Y0, X0
	VMOVUPS X0, (DI)
	ADDQ $16, DI
	ADDQ $16, SI
	DECQ CX
	JNZ  tanh32_loop
tanh32_done:
	VZEROUPPER
	RET
