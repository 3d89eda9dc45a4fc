// Package darts reproduces DARTS: Differentiable Architecture Search (Liu, Simonyan, Yang, ICLR 2019)
// on top of GoMLX.
//
// The method lives in sub-packages, from the bottom up:
//
//   - backend: chooses the GoMLX backend; backend/dartscpu is darts-cpu, this project's CPU backend;
//   - nn, ops: differentiable building blocks with PyTorch semantics, and DARTS's candidate operations;
//   - optim: SGD and Adam exactly as PyTorch's;
//   - genotype: discrete architectures, their derivation from α, JSON and the literature's repr;
//   - search, architect: the CNN search network and loop, and the bilevel step (first and second order);
//   - evalnet, train: the CIFAR-10 and ImageNet evaluation networks, their training, selection and the
//     random baseline;
//   - rnn: recurrent DARTS (search and evaluation language models);
//   - run: run folders (file names, atomic files, lock), and run/checkpoint, exact resumption;
//   - record: what a search writes (metrics and α per epoch, an opened step), free of GoMLX for plots;
//   - tinynet: the smallest end-to-end GoMLX classifier (the backend notebook);
//   - bench: timings of the building blocks on the CPU backends;
//   - cmd/darts: the command line.
//
// This package itself only holds what they share.
package darts
