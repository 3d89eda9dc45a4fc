//go:build !amd64 || purego

package tensorops

// useBNAVX is a variable, as on amd64, so that tests may switch the assembly off on any build.
var useBNAVX = false

func bnSums32(x *float32, s *float64, pixels, c, stride int)                 { panic("unreachable") }
func bnCentred32(x *float32, m, s1, s2 *float64, pixels, c, stride int)      { panic("unreachable") }
func bnGradSums32(x, dy *float32, m, s1, s2 *float64, pixels, c, stride int) { panic("unreachable") }
func bnAffine32(y, x *float32, m, a, b *float64, pixels, c int)              { panic("unreachable") }
func bnGradApply32(dx, x, dy *float32, m, k, m1, m2 *float64, pixels, c int) { panic("unreachable") }

func bnSumsBlock16(x *float32, s *float64, pixels, stride int)                 { panic("unreachable") }
func bnCentredBlock16(x *float32, m, s1, s2 *float64, pixels, stride int)      { panic("unreachable") }
func bnGradSumsBlock16(x, dy *float32, m, s1, s2 *float64, pixels, stride int) { panic("unreachable") }

func bnSumsBlock8(x *float32, s *float64, pixels, stride int)                 { panic("unreachable") }
func bnCentredBlock8(x *float32, m, s1, s2 *float64, pixels, stride int)      { panic("unreachable") }
func bnGradSumsBlock8(x, dy *float32, m, s1, s2 *float64, pixels, stride int) { panic("unreachable") }

func bnSumsBlock4(x *float32, s *float64, pixels, stride int)                 { panic("unreachable") }
func bnCentredBlock4(x *float32, m, s1, s2 *float64, pixels, stride int)      { panic("unreachable") }
func bnGradSumsBlock4(x, dy *float32, m, s1, s2 *float64, pixels, stride int) { panic("unreachable") }
