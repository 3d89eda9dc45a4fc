//go:build !purego

#include "textflag.h"

// PickGE and PickLE, 8 elements at a time (n a multiple of 8; the Go wrappers in pick.go do the
// tail): one compare for the mask, two blends for the pick and its tag.

// func pickGE32(pick, tag, v *float32, n int, t float32)
TEXT ·pickGE32(SB), NOSPLIT, $0-36
	MOVQ pick+0(FP), DI
	MOVQ tag+8(FP), SI
	MOVQ v+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS t+32(FP), Y7
	SHRQ $3, CX
	JZ   pickGE32_done
pickGE32_loop:
	VMOVUPS (DI), Y0
	VMOVUPS (DX), Y1
	VCMPPS $0x1d, Y1, Y0, Y2 // keep = pick >= v (ordered: false with a NaN)
	VBLENDVPS Y2, Y0, Y1, Y0 // keep ? pick : v
	VMOVUPS Y0, (DI)
	VMOVUPS (SI), Y3
	VBLENDVPS Y2, Y3, Y7, Y3 // keep ? tag : t
	VMOVUPS Y3, (SI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  pickGE32_loop
pickGE32_done:
	VZEROUPPER
	RET

// func pickLE32(pick, tag, v *float32, n int, t float32)
TEXT ·pickLE32(SB), NOSPLIT, $0-36
	MOVQ pick+0(FP), DI
	MOVQ tag+8(FP), SI
	MOVQ v+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS t+32(FP), Y7
	SHRQ $3, CX
	JZ   pickLE32_done
pickLE32_loop:
	VMOVUPS (DI), Y0
	VMOVUPS (DX), Y1
	VCMPPS $0x12, Y1, Y0, Y2 // keep = pick <= v (ordered: false with a NaN)
	VBLENDVPS Y2, Y0, Y1, Y0 // keep ? pick : v
	VMOVUPS Y0, (DI)
	VMOVUPS (SI), Y3
	VBLENDVPS Y2, Y3, Y7, Y3 // keep ? tag : t
	VMOVUPS Y3, (SI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  pickLE32_loop
pickLE32_done:
	VZEROUPPER
	RET
