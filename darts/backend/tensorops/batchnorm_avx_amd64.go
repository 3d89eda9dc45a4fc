//go:build !purego

package tensorops

import "golang.org/x/sys/cpu"

// useBNAVX: the batch norm kernels of batchnorm_avx_amd64.s need AVX (256-bit float64 adds,
// multiplies and float32↔float64 conversions; no AVX2 or FMA instruction). x/sys/cpu also checks
// that the OS saves the YMM state. A variable so that tests can compare against the Go loops.
var useBNAVX = cpu.X86.HasAVX

// The kernels run the channels-last passes over pixels rows of c float32 features (stride floats
// apart for the sums), with [c] float64 per-feature arrays (see batchnorm_passes.go for what
// each computes). The BlockW forms take W features of each row, their sums held in registers
// (batchnorm_blocks.go).

//go:noescape
func bnSums32(x *float32, s *float64, pixels, c, stride int)

//go:noescape
func bnCentred32(x *float32, m, s1, s2 *float64, pixels, c, stride int)

//go:noescape
func bnGradSums32(x, dy *float32, m, s1, s2 *float64, pixels, c, stride int)

//go:noescape
func bnAffine32(y, x *float32, m, a, b *float64, pixels, c int)

//go:noescape
func bnGradApply32(dx, x, dy *float32, m, k, m1, m2 *float64, pixels, c int)

//go:noescape
func bnSumsBlock16(x *float32, s *float64, pixels, stride int)

//go:noescape
func bnCentredBlock16(x *float32, m, s1, s2 *float64, pixels, stride int)

//go:noescape
func bnGradSumsBlock16(x, dy *float32, m, s1, s2 *float64, pixels, stride int)

//go:noescape
func bnSumsBlock8(x *float32, s *float64, pixels, stride int)

//go:noescape
func bnCentredBlock8(x *float32, m, s1, s2 *float64, pixels, stride int)

//go:noescape
func bnGradSumsBlock8(x, dy *float32, m, s1, s2 *float64, pixels, stride int)

//go:noescape
func bnSumsBlock4(x *float32, s *float64, pixels, stride int)

//go:noescape
func bnCentredBlock4(x *float32, m, s1, s2 *float64, pixels, stride int)

//go:noescape
func bnGradSumsBlock4(x, dy *float32, m, s1, s2 *float64, pixels, stride int)
