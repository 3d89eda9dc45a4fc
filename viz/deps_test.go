package viz

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoGoMLX: plotting links no GoMLX (nor go-xla) and none of the packages that build or run
// models, so a figure cell in a notebook compiles in seconds and a plotting program stays small.
// Records come from darts/record and run folders from darts/run, which are GoMLX-free.
func TestNoGoMLX(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to list the dependencies with")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/dartsml/godarts/"
	forbidden := func(p string) bool {
		return strings.HasPrefix(p, "github.com/gomlx/") ||
			strings.Contains(p, "go-xla") ||
			p == mod+"darts/search" || p == mod+"darts/rnn" || p == mod+"darts/run/checkpoint" ||
			p == mod+"darts/backend" || strings.HasPrefix(p, mod+"darts/backend/")
	}
	importers := map[string][]string{} // forbidden package -> the packages that import it
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if forbidden(pkg) {
			continue // report where the chain enters, not the inside of GoMLX
		}
		for _, imp := range strings.Fields(imports) {
			if forbidden(imp) {
				importers[imp] = append(importers[imp], pkg)
			}
		}
	}
	for imp, by := range importers {
		t.Errorf("viz links %s (imported by %s)", imp, strings.Join(by, ", "))
	}
}
