//go:build purego || !amd64

package gemm

// sgemmConfig picks the float32 kernel: without assembly only the pure-Go one exists.
func sgemmConfig() *config[float32] { return &sgemmGoCfg }

// forceAVX2 exists so the tests build everywhere; there is no AVX-512 kernel to skip here.
var forceAVX2 bool
