// Package darts reproduces DARTS: Differentiable Architecture Search (Liu, Simonyan, Yang, ICLR 2019)
// on top of GoMLX.
//
// The method lives in sub-packages: backend (choosing and providing a fast CPU backend), ops (the
// candidate operations), genotype, search, architect, optim, eval and run. This package itself only
// holds what they share.
package darts
