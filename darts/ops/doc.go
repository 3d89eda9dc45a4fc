// Package ops holds DARTS's candidate operations as layers with parameters in a GoMLX context:
// the eight primitives of the convolutional search space (plus the extra ones evaluation cells
// such as NASNet's and AmoebaNet's use), built from the functional ops of package nn with
// PyTorch's semantics and initialisation, so parameter counts match the reference exactly.
//
// Layout is NHWC. Every layer reads ctx.IsTraining(g): batch norms use batch statistics and
// update their running averages while training, and the running averages otherwise.
package ops
