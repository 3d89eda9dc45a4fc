//go:build !amd64 || purego

package conv

const useStridedAsm = false

func stridedDotAcc32(acc, a, b *float32, n, cnt, aStep, bStep int) { panic("unreachable") }
