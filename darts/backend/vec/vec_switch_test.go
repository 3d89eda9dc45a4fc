//go:build amd64 && !purego

package vec

func setAsm(on bool) { useAsm = on && (cpuHasAVX2FMA()) }
