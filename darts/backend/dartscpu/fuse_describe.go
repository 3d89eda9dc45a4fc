package dartscpu

import (
	"fmt"
	"os"
	"strings"
)

// groupProfile (DARTS_CPU_PROFILE_GROUPS=1) adds one profile row per kind of fused program:
// its size, inputs with their patterns, and opcodes.
var groupProfile = os.Getenv("DARTS_CPU_PROFILE_GROUPS") == "1"

func (p *fusedProgram) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fz n=%d in=", p.size)
	for _, in := range p.inputs {
		switch {
		case in.pattern.isFull(p.size):
			b.WriteString("F")
		case in.pattern.m == 1:
			b.WriteString("s")
		default:
			fmt.Fprintf(&b, "(%d/%d)", in.pattern.m, in.pattern.stride)
		}
		if in.isBool {
			b.WriteString("b")
		}
	}
	fmt.Fprintf(&b, " out=%d:", len(p.outputs))
	for _, ins := range p.instrs {
		fmt.Fprintf(&b, " %d", ins.op)
	}
	return b.String()
}
