package tensorops_test

import (
	"fmt"

	"github.com/dartsml/godarts/darts/backend/tensorops"
)

func ExampleTranspose() {
	// A 2×3 matrix becomes its 3×2 transpose: output axis 0 is input axis 1.
	src := []float32{1, 2, 3, 4, 5, 6}
	dst := make([]float32, 6)
	tensorops.Transpose(dst, src, []int{2, 3}, []int{1, 0})
	fmt.Println(dst)
	// Output: [1 4 2 5 3 6]
}

func ExamplePad() {
	// Interior 1 gives [1 0 2 0 3]; Start 1 prepends a fill value; End -1 crops the last element.
	src := []float32{1, 2, 3}
	axes := []tensorops.PadAxis{{Start: 1, End: -1, Interior: 1}}
	dims, err := tensorops.PadShape([]int{3}, axes)
	if err != nil {
		panic(err)
	}
	dst := make([]float32, dims[0])
	tensorops.Pad(dst, src, []int{3}, 0, axes)
	fmt.Println(dims, dst)

	_, err = tensorops.PadShape([]int{3}, []tensorops.PadAxis{{Start: -2, End: -2}})
	fmt.Println(err != nil)
	// Output:
	// [5] [0 1 0 2 0]
	// true
}

func ExampleReverse() {
	// Reverse the columns of a 2×3 matrix.
	src := []int{1, 2, 3, 4, 5, 6}
	dst := make([]int, 6)
	tensorops.Reverse(dst, src, []int{2, 3}, []int{1})
	fmt.Println(dst)
	// Output: [3 2 1 6 5 4]
}

func ExampleSelectAndScatter() {
	// Gradient of a 2×2, stride-2 max pool over a 2×4 image: each incoming gradient goes to the
	// position of its window's maximum.
	operand := []float32{
		1, 9, 2, 2,
		3, 4, 8, 2,
	}
	dims := []int{2, 4}
	window, strides := []int{2, 2}, []int{2, 2}
	pooled := tensorops.WindowOutputShape(dims, window, strides, nil)
	grad := []float32{10, 20}
	dst := make([]float32, len(operand))
	tensorops.SelectAndScatter(dst, operand, dims, grad, window, strides, nil, true)
	fmt.Println(pooled, dst)
	// Output: [1 2] [0 10 0 0 0 0 20 0]
}
