// Package tinynet is a tiny convolutional classifier and its trainer: the smallest end-to-end
// use of this module's layers (ops), optimisers (optim) and data pipeline (dataset), used by the
// first notebook to show that the chosen backend really trains a network.
//
// The network (DefaultNet) is
//
//	conv3×3(16) → BN → ReLU → maxpool 2 → conv3×3(32) → BN → ReLU → maxpool 2 →
//	conv3×3(64) → BN → ReLU → global average pool → linear(10)
//
// with PyTorch's initialisation: 24,058 parameters for 28×28×1 images. The third stage matters:
// with only two, each feature before the global pool sees 8×8 pixels, too little of a digit, and
// 300 steps reach only ~77% MNIST test accuracy instead of ~97%. A Trainer owns the GoMLX
// context (weights, batch-norm statistics, momentum buffers) and two compiled graphs: a training
// step (forward, gradients with graph.Gradient, PyTorch SGD with momentum and weight decay) and a
// batched evaluation. Every step appends its batch loss and accuracy to a History.
//
// Runs are deterministic: the weights come from TrainConfig.Seed, the batch order from the
// Batcher's seed, and the darts-cpu kernels do not depend on thread scheduling.
//
// GoNB runs every notebook cell as a new program, so a Run (history and test result) can be
// saved as JSON by the cell that trains and read back by the cells that print and plot.
package tinynet
