// Package gradcheck compares the gradients GoMLX's reverse-mode autodiff builds (graph.Gradient)
// against central finite differences, in float64, so hand-written VJPs and GoMLX's own gradient
// rules can be trusted before a search depends on them.
//
// Check returns a Report with, for every differentiated input, the element where analytic and
// numeric gradients disagree most; Report.Err turns a failing report into an error that names the
// input, the element, both values and the relative error.
package gradcheck
