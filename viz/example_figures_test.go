package viz_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/viz"
)

// The paper's normal cell as a drawing model: nodes and labelled edges with positions, ready to
// render with viz.Cell (or to test).
func ExampleNormalCell() {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		log.Fatal(err)
	}
	d, err := viz.NormalCell(g)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range d.Edges[:3] {
		fmt.Printf("%s -> %s: %s (%s)\n", d.Nodes[e.From].Label, d.Nodes[e.To].Label, e.Op, e.Style.Family)
	}
	// Output:
	// c_{k-2} -> 0: sep_conv_3x3 (separable conv)
	// c_{k-1} -> 0: sep_conv_3x3 (separable conv)
	// c_{k-2} -> 1: sep_conv_3x3 (separable conv)
}

// Every figure of a run directory, saved as PDF (SVG and PNG work the same; the extension picks).
func ExampleAlphasOverTime() {
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	if err := viz.WriteSyntheticRun(dir, 10, 1); err != nil { // no real search at hand
		log.Fatal(err)
	}
	history, err := viz.ReadAlphas(dir)
	if err != nil {
		log.Fatal(err)
	}
	overTime, err := viz.AlphasOverTime(history, viz.CellNormal)
	if err != nil {
		log.Fatal(err)
	}
	heat, err := viz.AlphaHeatmap(history[len(history)-1])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(viz.Save(overTime, filepath.Join(dir, "alphas_time.pdf"), 10, 7))
	fmt.Println(viz.Save(heat, filepath.Join(dir, "alphas.svg"), 9, 5))
	fmt.Println(viz.SaveSearchGIF(dir, filepath.Join(dir, "search.gif"), viz.GIFOptions{DPI: 40}))
	// Output:
	// <nil>
	// <nil>
	// <nil>
}
