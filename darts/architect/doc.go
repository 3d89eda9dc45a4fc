// Package architect builds DARTS's bilevel optimisation step as one GoMLX graph, for any model
// given as a loss function (the convolutional and the recurrent search share it):
//
//	first order:  α ← Adam(α, ∇α L_val(w, α));                  w ← SGD(w, ∇w L_train(w, α))
//	second order: α ← Adam(α, ∇α L_val(w′, α) − ξ·(∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)) / 2R)
//
// with the virtual step w′ = w − ξ(μ·buf + ∇w L_train(w, α) + wd·w) (ξ = the current weight
// learning rate, buf the SGD momentum buffer), w± = w ± R·∇w′ L_val(w′, α) and
// R = 0.01/‖∇w′ L_val(w′, α)‖ — the paper's eq. 7–8, as its reference implementation computes them.
// The weight step uses the updated α. Two ablations of the paper are modes too: alternating
// (coordinate-descent) updates on one data set, and simultaneous SGD on α and w.
//
// GoMLX cannot differentiate a convolution gradient, so the virtual weights and the finite-difference
// offsets enter the graph through StopGradient: exactly the quantities the reference computes
// outside autograd.
package architect
