//go:build !purego

#include "textflag.h"

// The channels-last float32 batch norm passes (batchnorm_avx.go) in AVX, per row: pixels rows of
// c features. The apply kernels take the features of a row 8 at a time (two YMM of four
// float64), then 4, then one by one; the sum kernels here take them one by one, with rows stride
// floats apart, for the last c%4 features left by the register blocks of
// batchnorm_blocks_amd64.s. Every feature of every row meets the same float64 operations, in the
// same order, as in the scalar Go loop; the sums here stay in the float64 arrays in memory, so a
// feature's adds follow the pixel order. No FMA: Go rounds the product before the add.

// func bnSums32(x *float32, s *float64, pixels, c, stride int)
TEXT ·bnSums32(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ s+8(FP), R9
	MOVQ pixels+16(FP), BX
	MOVQ c+24(FP), DX
	MOVQ stride+32(FP), R13
	TESTQ BX, BX
	JLE  sums_done

sums_row:
	XORQ AX, AX

sums_1:
	CMPQ AX, DX
	JGE  sums_next
	VCVTSS2SD (SI)(AX*4), X0, X0
	VADDSD    (R9)(AX*8), X0, X0
	VMOVSD    X0, (R9)(AX*8)
	INCQ AX
	JMP  sums_1

sums_next:
	LEAQ (SI)(R13*4), SI
	DECQ BX
	JNZ  sums_row

sums_done:
	VZEROUPPER
	RET

// func bnCentred32(x *float32, m, s1, s2 *float64, pixels, c, stride int)
TEXT ·bnCentred32(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ m+8(FP), R8
	MOVQ s1+16(FP), R9
	MOVQ s2+24(FP), R10
	MOVQ pixels+32(FP), BX
	MOVQ c+40(FP), DX
	MOVQ stride+48(FP), R13
	TESTQ BX, BX
	JLE  centred_done

centred_row:
	XORQ AX, AX

centred_1:
	CMPQ AX, DX
	JGE  centred_next
	VCVTSS2SD (SI)(AX*4), X0, X0
	VSUBSD    (R8)(AX*8), X0, X0
	VADDSD    (R9)(AX*8), X0, X2
	VMOVSD    X2, (R9)(AX*8)
	VMULSD    X0, X0, X0
	VADDSD    (R10)(AX*8), X0, X0
	VMOVSD    X0, (R10)(AX*8)
	INCQ AX
	JMP  centred_1

centred_next:
	LEAQ (SI)(R13*4), SI
	DECQ BX
	JNZ  centred_row

centred_done:
	VZEROUPPER
	RET

// func bnGradSums32(x, dy *float32, m, s1, s2 *float64, pixels, c, stride int)
TEXT ·bnGradSums32(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ m+16(FP), R8
	MOVQ s1+24(FP), R9
	MOVQ s2+32(FP), R10
	MOVQ pixels+40(FP), BX
	MOVQ c+48(FP), DX
	MOVQ stride+56(FP), R13
	TESTQ BX, BX
	JLE  gsums_done

gsums_row:
	XORQ AX, AX

gsums_1:
	CMPQ AX, DX
	JGE  gsums_next
	VCVTSS2SD (DI)(AX*4), X0, X0
	VCVTSS2SD (SI)(AX*4), X2, X2
	VSUBSD    (R8)(AX*8), X2, X2
	VMULSD    X2, X0, X2
	VADDSD    (R9)(AX*8), X0, X0
	VMOVSD    X0, (R9)(AX*8)
	VADDSD    (R10)(AX*8), X2, X2
	VMOVSD    X2, (R10)(AX*8)
	INCQ AX
	JMP  gsums_1

gsums_next:
	LEAQ (SI)(R13*4), SI
	LEAQ (DI)(R13*4), DI
	DECQ BX
	JNZ  gsums_row

gsums_done:
	VZEROUPPER
	RET

// func bnAffine32(y, x *float32, m, a, b *float64, pixels, c int)
TEXT ·bnAffine32(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ a+24(FP), R9
	MOVQ b+32(FP), R10
	MOVQ pixels+40(FP), BX
	MOVQ c+48(FP), DX
	TESTQ BX, BX
	JLE  affine_done

affine_row:
	XORQ AX, AX

affine_8:
	LEAQ 8(AX), CX
	CMPQ CX, DX
	JGT  affine_4
	VCVTPS2PD  (SI)(AX*4), Y0
	VCVTPS2PD  16(SI)(AX*4), Y1
	VSUBPD     (R8)(AX*8), Y0, Y0     // x − m
	VSUBPD     32(R8)(AX*8), Y1, Y1
	VMULPD     (R9)(AX*8), Y0, Y0     // ·a, rounded
	VMULPD     32(R9)(AX*8), Y1, Y1
	VADDPD     (R10)(AX*8), Y0, Y0    // + b
	VADDPD     32(R10)(AX*8), Y1, Y1
	VCVTPD2PSY Y0, X0
	VCVTPD2PSY Y1, X1
	VMOVUPS    X0, (DI)(AX*4)
	VMOVUPS    X1, 16(DI)(AX*4)
	MOVQ CX, AX
	JMP  affine_8

affine_4:
	LEAQ 4(AX), CX
	CMPQ CX, DX
	JGT  affine_1
	VCVTPS2PD  (SI)(AX*4), Y0
	VSUBPD     (R8)(AX*8), Y0, Y0
	VMULPD     (R9)(AX*8), Y0, Y0
	VADDPD     (R10)(AX*8), Y0, Y0
	VCVTPD2PSY Y0, X0
	VMOVUPS    X0, (DI)(AX*4)
	MOVQ CX, AX

affine_1:
	CMPQ AX, DX
	JGE  affine_next
	VCVTSS2SD (SI)(AX*4), X0, X0
	VSUBSD    (R8)(AX*8), X0, X0
	VMULSD    (R9)(AX*8), X0, X0
	VADDSD    (R10)(AX*8), X0, X0
	VCVTSD2SS X0, X0, X0
	VMOVSS    X0, (DI)(AX*4)
	INCQ AX
	JMP  affine_1

affine_next:
	LEAQ (SI)(DX*4), SI
	LEAQ (DI)(DX*4), DI
	DECQ BX
	JNZ  affine_row

affine_done:
	VZEROUPPER
	RET

// func bnGradApply32(dx, x, dy *float32, m, k, m1, m2 *float64, pixels, c int)
TEXT ·bnGradApply32(SB), NOSPLIT, $0-72
	MOVQ dx+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ dy+16(FP), R12
	MOVQ m+24(FP), R8
	MOVQ k+32(FP), R9
	MOVQ m1+40(FP), R10
	MOVQ m2+48(FP), R11
	MOVQ pixels+56(FP), BX
	MOVQ c+64(FP), DX
	TESTQ BX, BX
	JLE  gapply_done

gapply_row:
	XORQ AX, AX

gapply_8:
	LEAQ 8(AX), CX
	CMPQ CX, DX
	JGT  gapply_4
	VCVTPS2PD  (SI)(AX*4), Y0
	VCVTPS2PD  16(SI)(AX*4), Y1
	VSUBPD     (R8)(AX*8), Y0, Y0     // x − m
	VSUBPD     32(R8)(AX*8), Y1, Y1
	VMULPD     (R11)(AX*8), Y0, Y0    // (x − m)·m2, rounded
	VMULPD     32(R11)(AX*8), Y1, Y1
	VCVTPS2PD  (R12)(AX*4), Y2
	VCVTPS2PD  16(R12)(AX*4), Y3
	VSUBPD     (R10)(AX*8), Y2, Y2    // dy − m1
	VSUBPD     32(R10)(AX*8), Y3, Y3
	VSUBPD     Y0, Y2, Y2             // dy − m1 − (x − m)·m2
	VSUBPD     Y1, Y3, Y3
	VMULPD     (R9)(AX*8), Y2, Y2     // k·(…)
	VMULPD     32(R9)(AX*8), Y3, Y3
	VCVTPD2PSY Y2, X2
	VCVTPD2PSY Y3, X3
	VMOVUPS    X2, (DI)(AX*4)
	VMOVUPS    X3, 16(DI)(AX*4)
	MOVQ CX, AX
	JMP  gapply_8

gapply_4:
	LEAQ 4(AX), CX
	CMPQ CX, DX
	JGT  gapply_1
	VCVTPS2PD  (SI)(AX*4), Y0
	VSUBPD     (R8)(AX*8), Y0, Y0
	VMULPD     (R11)(AX*8), Y0, Y0
	VCVTPS2PD  (R12)(AX*4), Y2
	VSUBPD     (R10)(AX*8), Y2, Y2
	VSUBPD     Y0, Y2, Y2
	VMULPD     (R9)(AX*8), Y2, Y2
	VCVTPD2PSY Y2, X2
	VMOVUPS    X2, (DI)(AX*4)
	MOVQ CX, AX

gapply_1:
	CMPQ AX, DX
	JGE  gapply_next
	VCVTSS2SD (SI)(AX*4), X0, X0
	VSUBSD    (R8)(AX*8), X0, X0
	VMULSD    (R11)(AX*8), X0, X0
	VCVTSS2SD (R12)(AX*4), X2, X2
	VSUBSD    (R10)(AX*8), X2, X2
	VSUBSD    X0, X2, X2
	VMULSD    (R9)(AX*8), X2, X2
	VCVTSD2SS X2, X2, X2
	VMOVSS    X2, (DI)(AX*4)
	INCQ AX
	JMP  gapply_1

gapply_next:
	LEAQ (SI)(DX*4), SI
	LEAQ (R12)(DX*4), R12
	LEAQ (DI)(DX*4), DI
	DECQ BX
	JNZ  gapply_row

gapply_done:
	VZEROUPPER
	RET
