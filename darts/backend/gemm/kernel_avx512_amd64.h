// Macros shared by the AVX-512 kernels (kernel_avx512_amd64.s, kernel_avx512_rows_amd64.s), which
// all take sgemmKernel12x16AVX512's arguments.

// Stores one row: acc = alpha·acc (+ beta·C), then advance DI by ldc.
#define STOREROW(acc) \
	VMULPS      Z1, acc, acc  \
	TESTQ       AX, AX        \
	JZ          2(PC)         \
	VFMADD231PS (DI), Z2, acc \
	VMOVUPS     acc, (DI)     \
	ADDQ        R10, DI

// Loads the arguments; R15 = 3·rsA.
#define ARGS \
	MOVQ k+0(FP), CX         \
	MOVQ a+8(FP), SI         \
	MOVQ rsA+16(FP), R8      \
	MOVQ csA+24(FP), R9      \
	MOVQ b+32(FP), DX        \
	MOVQ rsB+40(FP), R12     \
	MOVQ c+48(FP), DI        \
	MOVQ ldc+56(FP), R10     \
	LEAQ (R8)(R8*2), R15
