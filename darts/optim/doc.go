// Package optim implements the optimisers DARTS needs with PyTorch's exact semantics, as graph
// functions over GoMLX context variables: SGD with momentum and coupled (L2) weight decay, Adam with
// coupled weight decay, global-norm gradient clipping, and the cosine learning-rate schedule.
//
// GoMLX's own SGD has no momentum or weight decay and its Adam's weight decay is decoupled (AdamW);
// the paper's numbers depend on PyTorch's behaviour, so these are written out here. Optimiser state
// (momentum buffers, Adam moments, step counts) lives in context variables under the scope
// "/optimizer/<name>", mirroring each parameter's scope, so checkpoints hold it with the weights.
package optim
