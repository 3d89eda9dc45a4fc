// Package train trains an evaluation network (package evalnet) from scratch, as the paper's
// train.py and train_imagenet.py do: SGD with momentum and coupled weight decay, a cosine (CIFAR-10)
// or exponential (ImageNet) learning-rate schedule, gradient clipping, the auxiliary head's loss,
// label smoothing, drop-path ramped linearly over the epochs, test accuracy each epoch, metrics
// and atomic checkpoints in a run directory, and exact resume.
//
// It also holds the paper's random-search baseline: genotypes sampled uniformly from the search
// space, each trained briefly, the best by validation accuracy kept; and the same brief training
// applied to compare search methods (MethodCells, CompareMethods: DARTS, DARTS-ES, PC-DARTS).
package train
