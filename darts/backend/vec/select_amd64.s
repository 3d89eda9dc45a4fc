//go:build !purego

#include "textflag.h"

// Comparisons, maxima and selections of float32 vectors, 8 at a time (n a multiple of 8; the Go
// wrappers in select.go do the tail). Each computes a mask with VCMPPS, with the predicates that
// give Go's results for NaN: ordered (false with a NaN) for <, <=, >, >=, ==; unordered (true)
// for != and for "is NaN".

DATA one32<>+0(SB)/4, $0x3f800000
GLOBL one32<>(SB), RODATA|NOPTR, $4

// func gt32(dst, a, b *float32, n int)
TEXT ·gt32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS one32<>(SB), Y7
	SHRQ $3, CX
	JZ   gt32_done
gt32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x1e, (DX), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  gt32_loop
gt32_done:
	VZEROUPPER
	RET

// func ge32(dst, a, b *float32, n int)
TEXT ·ge32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS one32<>(SB), Y7
	SHRQ $3, CX
	JZ   ge32_done
ge32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x1d, (DX), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  ge32_loop
ge32_done:
	VZEROUPPER
	RET

// func lt32(dst, a, b *float32, n int)
TEXT ·lt32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS one32<>(SB), Y7
	SHRQ $3, CX
	JZ   lt32_done
lt32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x11, (DX), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  lt32_loop
lt32_done:
	VZEROUPPER
	RET

// func le32(dst, a, b *float32, n int)
TEXT ·le32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS one32<>(SB), Y7
	SHRQ $3, CX
	JZ   le32_done
le32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x12, (DX), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  le32_loop
le32_done:
	VZEROUPPER
	RET

// func eq32(dst, a, b *float32, n int)
TEXT ·eq32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS one32<>(SB), Y7
	SHRQ $3, CX
	JZ   eq32_done
eq32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x00, (DX), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  eq32_loop
eq32_done:
	VZEROUPPER
	RET

// func ne32(dst, a, b *float32, n int)
TEXT ·ne32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS one32<>(SB), Y7
	SHRQ $3, CX
	JZ   ne32_done
ne32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x04, (DX), Y0, Y0
	VANDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  ne32_loop
ne32_done:
	VZEROUPPER
	RET

// func max32(dst, a, b *float32, n int)
TEXT ·max32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JZ   max32_done
max32_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VCMPPS $0x03, Y0, Y0, Y2
	VCMPPS $0x1e, Y1, Y0, Y3
	VORPS Y3, Y2, Y2
	VBLENDVPS Y2, Y0, Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  max32_loop
max32_done:
	VZEROUPPER
	RET

// func min32(dst, a, b *float32, n int)
TEXT ·min32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JZ   min32_done
min32_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VCMPPS $0x03, Y0, Y0, Y2
	VCMPPS $0x11, Y1, Y0, Y3
	VORPS Y3, Y2, Y2
	VBLENDVPS Y2, Y0, Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  min32_loop
min32_done:
	VZEROUPPER
	RET

// func where32(dst, c, a, b *float32, n int)
TEXT ·where32(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ c+8(FP), SI
	MOVQ a+16(FP), DX
	MOVQ b+24(FP), R8
	MOVQ n+32(FP), CX
	VXORPS Y6, Y6, Y6
	SHRQ $3, CX
	JZ   where32_done
where32_loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x04, Y6, Y0, Y0
	VMOVUPS (DX), Y1
	VMOVUPS (R8), Y2
	VBLENDVPS Y0, Y1, Y2, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, R8
	DECQ CX
	JNZ  where32_loop
where32_done:
	VZEROUPPER
	RET
