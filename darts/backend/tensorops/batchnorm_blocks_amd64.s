//go:build !purego

#include "textflag.h"

// Register-blocked forms of the channels-last float32 sums (see batchnorm_blocks.go): each
// kernel takes a block of 16, 8 or 4 features (4, 2 or 1 YMM of float64 per sum) down pixels
// rows of stride floats, holding the block's sums in registers from the first row to the last,
// then adds nothing more: the sums are loaded from and stored back to the [block] float64
// arrays, so a caller may walk tiles of rows one after another. Per feature the operations are
// the Go loop's, in its order (no FMA: Go rounds the product before the add). The three widths
// are the same code written out for 4, 2 and 1 registers per sum.

// func bnSumsBlock16(x *float32, s *float64, pixels, stride int)
TEXT ·bnSumsBlock16(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ s+8(FP), R9
	MOVQ pixels+16(FP), BX
	MOVQ stride+24(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnSumsBlock16_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 32(R9), Y1
	VMOVUPD 64(R9), Y2
	VMOVUPD 96(R9), Y3

bnSumsBlock16_row:
	VCVTPS2PD 0(SI), Y8
	VCVTPS2PD 16(SI), Y9
	VCVTPS2PD 32(SI), Y10
	VCVTPS2PD 48(SI), Y11
	VADDPD    Y8, Y0, Y0
	VADDPD    Y9, Y1, Y1
	VADDPD    Y10, Y2, Y2
	VADDPD    Y11, Y3, Y3
	ADDQ DX, SI
	DECQ BX
	JNZ  bnSumsBlock16_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 32(R9)
	VMOVUPD Y2, 64(R9)
	VMOVUPD Y3, 96(R9)

bnSumsBlock16_done:
	VZEROUPPER
	RET

// func bnSumsBlock8(x *float32, s *float64, pixels, stride int)
TEXT ·bnSumsBlock8(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ s+8(FP), R9
	MOVQ pixels+16(FP), BX
	MOVQ stride+24(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnSumsBlock8_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 32(R9), Y1

bnSumsBlock8_row:
	VCVTPS2PD 0(SI), Y8
	VCVTPS2PD 16(SI), Y9
	VADDPD    Y8, Y0, Y0
	VADDPD    Y9, Y1, Y1
	ADDQ DX, SI
	DECQ BX
	JNZ  bnSumsBlock8_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 32(R9)

bnSumsBlock8_done:
	VZEROUPPER
	RET

// func bnSumsBlock4(x *float32, s *float64, pixels, stride int)
TEXT ·bnSumsBlock4(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ s+8(FP), R9
	MOVQ pixels+16(FP), BX
	MOVQ stride+24(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnSumsBlock4_done
	VMOVUPD 0(R9), Y0

bnSumsBlock4_row:
	VCVTPS2PD 0(SI), Y8
	VADDPD    Y8, Y0, Y0
	ADDQ DX, SI
	DECQ BX
	JNZ  bnSumsBlock4_row
	VMOVUPD Y0, 0(R9)

bnSumsBlock4_done:
	VZEROUPPER
	RET

// func bnCentredBlock16(x *float32, m, s1, s2 *float64, pixels, stride int)
TEXT ·bnCentredBlock16(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ m+8(FP), R8
	MOVQ s1+16(FP), R9
	MOVQ s2+24(FP), R10
	MOVQ pixels+32(FP), BX
	MOVQ stride+40(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnCentredBlock16_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 32(R9), Y1
	VMOVUPD 64(R9), Y2
	VMOVUPD 96(R9), Y3
	VMOVUPD 0(R10), Y4
	VMOVUPD 32(R10), Y5
	VMOVUPD 64(R10), Y6
	VMOVUPD 96(R10), Y7
	VMOVUPD 0(R8), Y8
	VMOVUPD 32(R8), Y9
	VMOVUPD 64(R8), Y10
	VMOVUPD 96(R8), Y11

bnCentredBlock16_row:
	VCVTPS2PD 0(SI), Y12
	VSUBPD    Y8, Y12, Y12  // d = x − m
	VCVTPS2PD 16(SI), Y13
	VSUBPD    Y9, Y13, Y13  // d = x − m
	VCVTPS2PD 32(SI), Y14
	VSUBPD    Y10, Y14, Y14  // d = x − m
	VCVTPS2PD 48(SI), Y15
	VSUBPD    Y11, Y15, Y15  // d = x − m
	VADDPD    Y12, Y0, Y0  // s1 + d
	VMULPD    Y12, Y12, Y12  // d·d, rounded
	VADDPD    Y12, Y4, Y4  // s2 + d·d
	VADDPD    Y13, Y1, Y1  // s1 + d
	VMULPD    Y13, Y13, Y13  // d·d, rounded
	VADDPD    Y13, Y5, Y5  // s2 + d·d
	VADDPD    Y14, Y2, Y2  // s1 + d
	VMULPD    Y14, Y14, Y14  // d·d, rounded
	VADDPD    Y14, Y6, Y6  // s2 + d·d
	VADDPD    Y15, Y3, Y3  // s1 + d
	VMULPD    Y15, Y15, Y15  // d·d, rounded
	VADDPD    Y15, Y7, Y7  // s2 + d·d
	ADDQ DX, SI
	DECQ BX
	JNZ  bnCentredBlock16_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 32(R9)
	VMOVUPD Y2, 64(R9)
	VMOVUPD Y3, 96(R9)
	VMOVUPD Y4, 0(R10)
	VMOVUPD Y5, 32(R10)
	VMOVUPD Y6, 64(R10)
	VMOVUPD Y7, 96(R10)

bnCentredBlock16_done:
	VZEROUPPER
	RET

// func bnCentredBlock8(x *float32, m, s1, s2 *float64, pixels, stride int)
TEXT ·bnCentredBlock8(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ m+8(FP), R8
	MOVQ s1+16(FP), R9
	MOVQ s2+24(FP), R10
	MOVQ pixels+32(FP), BX
	MOVQ stride+40(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnCentredBlock8_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 32(R9), Y1
	VMOVUPD 0(R10), Y2
	VMOVUPD 32(R10), Y3
	VMOVUPD 0(R8), Y4
	VMOVUPD 32(R8), Y5

bnCentredBlock8_row:
	VCVTPS2PD 0(SI), Y12
	VSUBPD    Y4, Y12, Y12  // d = x − m
	VCVTPS2PD 16(SI), Y13
	VSUBPD    Y5, Y13, Y13  // d = x − m
	VADDPD    Y12, Y0, Y0  // s1 + d
	VMULPD    Y12, Y12, Y12  // d·d, rounded
	VADDPD    Y12, Y2, Y2  // s2 + d·d
	VADDPD    Y13, Y1, Y1  // s1 + d
	VMULPD    Y13, Y13, Y13  // d·d, rounded
	VADDPD    Y13, Y3, Y3  // s2 + d·d
	ADDQ DX, SI
	DECQ BX
	JNZ  bnCentredBlock8_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 32(R9)
	VMOVUPD Y2, 0(R10)
	VMOVUPD Y3, 32(R10)

bnCentredBlock8_done:
	VZEROUPPER
	RET

// func bnCentredBlock4(x *float32, m, s1, s2 *float64, pixels, stride int)
TEXT ·bnCentredBlock4(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ m+8(FP), R8
	MOVQ s1+16(FP), R9
	MOVQ s2+24(FP), R10
	MOVQ pixels+32(FP), BX
	MOVQ stride+40(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnCentredBlock4_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 0(R10), Y1
	VMOVUPD 0(R8), Y2

bnCentredBlock4_row:
	VCVTPS2PD 0(SI), Y12
	VSUBPD    Y2, Y12, Y12  // d = x − m
	VADDPD    Y12, Y0, Y0  // s1 + d
	VMULPD    Y12, Y12, Y12  // d·d, rounded
	VADDPD    Y12, Y1, Y1  // s2 + d·d
	ADDQ DX, SI
	DECQ BX
	JNZ  bnCentredBlock4_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 0(R10)

bnCentredBlock4_done:
	VZEROUPPER
	RET

// func bnGradSumsBlock16(x, dy *float32, m, s1, s2 *float64, pixels, stride int)
TEXT ·bnGradSumsBlock16(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ m+16(FP), R8
	MOVQ s1+24(FP), R9
	MOVQ s2+32(FP), R10
	MOVQ pixels+40(FP), BX
	MOVQ stride+48(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnGradSumsBlock16_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 32(R9), Y1
	VMOVUPD 64(R9), Y2
	VMOVUPD 96(R9), Y3
	VMOVUPD 0(R10), Y4
	VMOVUPD 32(R10), Y5
	VMOVUPD 64(R10), Y6
	VMOVUPD 96(R10), Y7

bnGradSumsBlock16_row:
	VCVTPS2PD 0(DI), Y8  // g
	VCVTPS2PD 0(SI), Y12  // x
	VSUBPD    0(R8), Y12, Y12  // x − m
	VCVTPS2PD 16(DI), Y9  // g
	VCVTPS2PD 16(SI), Y13  // x
	VSUBPD    32(R8), Y13, Y13  // x − m
	VCVTPS2PD 32(DI), Y10  // g
	VCVTPS2PD 32(SI), Y14  // x
	VSUBPD    64(R8), Y14, Y14  // x − m
	VCVTPS2PD 48(DI), Y11  // g
	VCVTPS2PD 48(SI), Y15  // x
	VSUBPD    96(R8), Y15, Y15  // x − m
	VMULPD    Y12, Y8, Y12  // g·(x − m), rounded
	VADDPD    Y8, Y0, Y0  // s1 + g
	VADDPD    Y12, Y4, Y4  // s2 + g·(x − m)
	VMULPD    Y13, Y9, Y13  // g·(x − m), rounded
	VADDPD    Y9, Y1, Y1  // s1 + g
	VADDPD    Y13, Y5, Y5  // s2 + g·(x − m)
	VMULPD    Y14, Y10, Y14  // g·(x − m), rounded
	VADDPD    Y10, Y2, Y2  // s1 + g
	VADDPD    Y14, Y6, Y6  // s2 + g·(x − m)
	VMULPD    Y15, Y11, Y15  // g·(x − m), rounded
	VADDPD    Y11, Y3, Y3  // s1 + g
	VADDPD    Y15, Y7, Y7  // s2 + g·(x − m)
	ADDQ DX, SI
	ADDQ DX, DI
	DECQ BX
	JNZ  bnGradSumsBlock16_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 32(R9)
	VMOVUPD Y2, 64(R9)
	VMOVUPD Y3, 96(R9)
	VMOVUPD Y4, 0(R10)
	VMOVUPD Y5, 32(R10)
	VMOVUPD Y6, 64(R10)
	VMOVUPD Y7, 96(R10)

bnGradSumsBlock16_done:
	VZEROUPPER
	RET

// func bnGradSumsBlock8(x, dy *float32, m, s1, s2 *float64, pixels, stride int)
TEXT ·bnGradSumsBlock8(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ m+16(FP), R8
	MOVQ s1+24(FP), R9
	MOVQ s2+32(FP), R10
	MOVQ pixels+40(FP), BX
	MOVQ stride+48(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnGradSumsBlock8_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 32(R9), Y1
	VMOVUPD 0(R10), Y2
	VMOVUPD 32(R10), Y3

bnGradSumsBlock8_row:
	VCVTPS2PD 0(DI), Y8  // g
	VCVTPS2PD 0(SI), Y12  // x
	VSUBPD    0(R8), Y12, Y12  // x − m
	VCVTPS2PD 16(DI), Y9  // g
	VCVTPS2PD 16(SI), Y13  // x
	VSUBPD    32(R8), Y13, Y13  // x − m
	VMULPD    Y12, Y8, Y12  // g·(x − m), rounded
	VADDPD    Y8, Y0, Y0  // s1 + g
	VADDPD    Y12, Y2, Y2  // s2 + g·(x − m)
	VMULPD    Y13, Y9, Y13  // g·(x − m), rounded
	VADDPD    Y9, Y1, Y1  // s1 + g
	VADDPD    Y13, Y3, Y3  // s2 + g·(x − m)
	ADDQ DX, SI
	ADDQ DX, DI
	DECQ BX
	JNZ  bnGradSumsBlock8_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 32(R9)
	VMOVUPD Y2, 0(R10)
	VMOVUPD Y3, 32(R10)

bnGradSumsBlock8_done:
	VZEROUPPER
	RET

// func bnGradSumsBlock4(x, dy *float32, m, s1, s2 *float64, pixels, stride int)
TEXT ·bnGradSumsBlock4(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ dy+8(FP), DI
	MOVQ m+16(FP), R8
	MOVQ s1+24(FP), R9
	MOVQ s2+32(FP), R10
	MOVQ pixels+40(FP), BX
	MOVQ stride+48(FP), DX
	SHLQ $2, DX // stride in bytes
	TESTQ BX, BX
	JLE  bnGradSumsBlock4_done
	VMOVUPD 0(R9), Y0
	VMOVUPD 0(R10), Y1

bnGradSumsBlock4_row:
	VCVTPS2PD 0(DI), Y8  // g
	VCVTPS2PD 0(SI), Y12  // x
	VSUBPD    0(R8), Y12, Y12  // x − m
	VMULPD    Y12, Y8, Y12  // g·(x − m), rounded
	VADDPD    Y8, Y0, Y0  // s1 + g
	VADDPD    Y12, Y1, Y1  // s2 + g·(x − m)
	ADDQ DX, SI
	ADDQ DX, DI
	DECQ BX
	JNZ  bnGradSumsBlock4_row
	VMOVUPD Y0, 0(R9)
	VMOVUPD Y1, 0(R10)

bnGradSumsBlock4_done:
	VZEROUPPER
	RET

