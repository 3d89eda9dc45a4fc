//go:build purego || !amd64

package gemm

// sgemmConfig picks the float32 kernel: without assembly only the pure-Go one exists.
func sgemmConfig() *config[float32] { return &sgemmGoCfg }
