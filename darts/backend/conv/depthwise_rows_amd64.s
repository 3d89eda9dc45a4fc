//go:build !purego

// dwRow3 and dwRow5 (see depthwise_rows_amd64.go for what they compute). The 8-channel blocks
// (Y registers) and the one 4-channel block (X registers) are the same code.

#include "textflag.h"

// func dwRow3(out, x, w *float32, n, c, tapStep int)
TEXT ·dwRow3(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ n+24(FP), R8
	MOVQ c+32(FP), CX
	MOVQ tapStep+40(FP), R9
	SHLQ $2, R9          // tap step in bytes
	MOVQ CX, R10
	SHLQ $2, R10         // position step (c floats) in bytes

dwRow3_b8:
	CMPQ CX, $8
	JL   dwRow3_b8_done
	MOVQ DX, AX
	VMOVUPS (AX), Y8
	ADDQ R10, AX
	VMOVUPS (AX), Y9
	ADDQ R10, AX
	VMOVUPS (AX), Y10
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R8, R13
dwRow3_b8_loop:
	VMOVUPS (R11), Y0
	MOVQ R12, AX
	VFMADD231PS (AX), Y8, Y0
	ADDQ R9, AX
	VFMADD231PS (AX), Y9, Y0
	ADDQ R9, AX
	VFMADD231PS (AX), Y10, Y0
	VMOVUPS Y0, (R11)
	ADDQ R10, R11
	ADDQ R10, R12
	DECQ R13
	JNZ  dwRow3_b8_loop
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  dwRow3_b8
dwRow3_b8_done:

dwRow3_b4:
	CMPQ CX, $4
	JL   dwRow3_b4_done
	MOVQ DX, AX
	VMOVUPS (AX), X8
	ADDQ R10, AX
	VMOVUPS (AX), X9
	ADDQ R10, AX
	VMOVUPS (AX), X10
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R8, R13
dwRow3_b4_loop:
	VMOVUPS (R11), X0
	MOVQ R12, AX
	VFMADD231PS (AX), X8, X0
	ADDQ R9, AX
	VFMADD231PS (AX), X9, X0
	ADDQ R9, AX
	VFMADD231PS (AX), X10, X0
	VMOVUPS X0, (R11)
	ADDQ R10, R11
	ADDQ R10, R12
	DECQ R13
	JNZ  dwRow3_b4_loop
	ADDQ $16, DI
	ADDQ $16, SI
	ADDQ $16, DX
	SUBQ $4, CX
dwRow3_b4_done:
	VZEROUPPER
	RET

// func dwRow5(out, x, w *float32, n, c, tapStep int)
TEXT ·dwRow5(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ n+24(FP), R8
	MOVQ c+32(FP), CX
	MOVQ tapStep+40(FP), R9
	SHLQ $2, R9          // tap step in bytes
	MOVQ CX, R10
	SHLQ $2, R10         // position step (c floats) in bytes

dwRow5_b8:
	CMPQ CX, $8
	JL   dwRow5_b8_done
	MOVQ DX, AX
	VMOVUPS (AX), Y8
	ADDQ R10, AX
	VMOVUPS (AX), Y9
	ADDQ R10, AX
	VMOVUPS (AX), Y10
	ADDQ R10, AX
	VMOVUPS (AX), Y11
	ADDQ R10, AX
	VMOVUPS (AX), Y12
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R8, R13
dwRow5_b8_loop:
	VMOVUPS (R11), Y0
	MOVQ R12, AX
	VFMADD231PS (AX), Y8, Y0
	ADDQ R9, AX
	VFMADD231PS (AX), Y9, Y0
	ADDQ R9, AX
	VFMADD231PS (AX), Y10, Y0
	ADDQ R9, AX
	VFMADD231PS (AX), Y11, Y0
	ADDQ R9, AX
	VFMADD231PS (AX), Y12, Y0
	VMOVUPS Y0, (R11)
	ADDQ R10, R11
	ADDQ R10, R12
	DECQ R13
	JNZ  dwRow5_b8_loop
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $8, CX
	JMP  dwRow5_b8
dwRow5_b8_done:

dwRow5_b4:
	CMPQ CX, $4
	JL   dwRow5_b4_done
	MOVQ DX, AX
	VMOVUPS (AX), X8
	ADDQ R10, AX
	VMOVUPS (AX), X9
	ADDQ R10, AX
	VMOVUPS (AX), X10
	ADDQ R10, AX
	VMOVUPS (AX), X11
	ADDQ R10, AX
	VMOVUPS (AX), X12
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R8, R13
dwRow5_b4_loop:
	VMOVUPS (R11), X0
	MOVQ R12, AX
	VFMADD231PS (AX), X8, X0
	ADDQ R9, AX
	VFMADD231PS (AX), X9, X0
	ADDQ R9, AX
	VFMADD231PS (AX), X10, X0
	ADDQ R9, AX
	VFMADD231PS (AX), X11, X0
	ADDQ R9, AX
	VFMADD231PS (AX), X12, X0
	VMOVUPS X0, (R11)
	ADDQ R10, R11
	ADDQ R10, R12
	DECQ R13
	JNZ  dwRow5_b4_loop
	ADDQ $16, DI
	ADDQ $16, SI
	ADDQ $16, DX
	SUBQ $4, CX
dwRow5_b4_done:
	VZEROUPPER
	RET
