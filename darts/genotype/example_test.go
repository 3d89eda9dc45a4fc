package genotype_test

import (
	"encoding/json"
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
)

// A two-node cell: node 0 reads states 0 and 1 (α rows 0-1), node 1 reads states 0, 1 and 2
// (rows 2-4). Columns follow genotype.CNNPrimitives. Edges are ranked on softmax probabilities,
// so an edge whose weight went to none ranks low even though none itself is never chosen.
func ExampleDeriveCNN() {
	//                    none max  avg  skip sep3 sep5 dil3 dil5
	alpha := [][]float32{
		{9.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0}, // 0 -> node 0: sep_conv_3x3, weak after softmax (none took the weight)
		{0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0}, // 1 -> node 0: skip_connect, the stronger edge
		{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5}, // 0 -> node 1: weakest input, dropped
		{0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0}, // 1 -> node 1: sep_conv_5x5
		{0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}, // 2 -> node 1: max_pool_3x3, the strongest
	}
	g, err := genotype.DeriveCNN(alpha, alpha, 2, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println(g)
	fmt.Println(g.Summary())
	// Output:
	// Genotype(normal=[('skip_connect', 1), ('sep_conv_3x3', 0), ('max_pool_3x3', 2), ('sep_conv_5x5', 1)], normal_concat=[2, 3], reduce=[('skip_connect', 1), ('sep_conv_3x3', 0), ('max_pool_3x3', 2), ('sep_conv_5x5', 1)], reduce_concat=[2, 3])
	// normal: skip(1) sep3(0) | max3(2) sep5(1) concat 2..3; reduce: skip(1) sep3(0) | max3(2) sep5(1) concat 2..3
}

// Genotypes pasted from papers and logs read as they are: quotes, range(...), line breaks and
// trailing commas included.
func ExampleParse() {
	g, err := genotype.Parse(`
PC_DARTS_cifar = Genotype(
    normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1),
            ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1)],
    normal_concat=range(2, 6),
    reduce=[("sep_conv_5x5", 1), ("max_pool_3x3", 0), ("sep_conv_5x5", 1), ("sep_conv_5x5", 2),
            ("sep_conv_3x3", 0), ("sep_conv_3x3", 3), ("sep_conv_3x3", 1), ("sep_conv_3x3", 2),],
    reduce_concat=range(2, 6),
)`)
	if err != nil {
		panic(err)
	}
	fmt.Println(g.NumNodes(), "nodes")
	fmt.Println(g.Summary())

	_, err = genotype.Parse("Genotype(normal=[('sep_conv_9x9', 0), ('skip_connect', 1)], normal_concat=[2], reduce=[], reduce_concat=[2])")
	fmt.Println(err)
	// Output:
	// 4 nodes
	// normal: sep3(1) skip(0) | sep3(0) dil3(1) | sep5(0) sep3(1) | avg3(0) dil3(1) concat 2..5; reduce: sep5(1) max3(0) | sep5(1) sep5(2) | sep3(0) sep3(3) | sep3(1) sep3(2) concat 2..5
	// genotype: byte 17 (line 1, column 18): normal edge 0 ('sep_conv_9x9', 0): unknown op "sep_conv_9x9"; valid CNN ops: none, max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5, sep_conv_7x7, conv_7x1_1x7
}

func ExampleParseRecurrent() {
	r, err := genotype.ParseRecurrent("Genotype(recurrent=[('sigmoid', 0), ('relu', 1), ('relu', 1), ('identity', 1), ('tanh', 2), ('sigmoid', 5), ('tanh', 3), ('relu', 5)], concat=range(1, 9))")
	if err != nil {
		panic(err)
	}
	darts, _ := genotype.LookupRecurrent("DARTS")
	fmt.Println(r.Equal(darts))
	fmt.Println(r.Summary())
	// Output:
	// true
	// recurrent: sigm(0) relu(1) relu(1) id(1) tanh(2) sigm(5) tanh(3) relu(5) concat 1..8
}

func ExampleGenotype_MarshalJSON() {
	g, _ := genotype.Lookup("DARTS_V2")
	data, _ := json.Marshal(g)
	fmt.Println(string(data))

	var back genotype.Genotype
	if err := json.Unmarshal(data, &back); err != nil {
		panic(err)
	}
	fmt.Println(back.Equal(g))
	// Output:
	// {"normal":[["sep_conv_3x3",0],["sep_conv_3x3",1],["sep_conv_3x3",0],["sep_conv_3x3",1],["sep_conv_3x3",1],["skip_connect",0],["skip_connect",0],["dil_conv_3x3",2]],"normal_concat":[2,3,4,5],"reduce":[["max_pool_3x3",0],["max_pool_3x3",1],["skip_connect",2],["max_pool_3x3",1],["max_pool_3x3",0],["skip_connect",2],["skip_connect",2],["max_pool_3x3",1]],"reduce_concat":[2,3,4,5]}
	// true
}

func ExampleRecurrent_MarshalJSON() {
	r, _ := genotype.LookupRecurrent("DARTS")
	data, _ := json.Marshal(r)
	fmt.Println(string(data))
	// Output:
	// {"recurrent":[["sigmoid",0],["relu",1],["relu",1],["identity",1],["tanh",2],["sigmoid",5],["tanh",3],["relu",5]],"recurrent_concat":[1,2,3,4,5,6,7,8]}
}
