// Package rnn is recurrent DARTS: the language model of the paper's Penn Treebank experiments
// (quark0/darts rnn/model.py and model_search.py), built for GoMLX.
//
// An embedding (tied with the decoder) feeds one recurrent cell, unrolled over the time steps (GoMLX
// graphs have no loops; an executable is compiled per sequence length). Its state s0 is a highway
// over [x_t, h_{t-1}]; each of its 8 nodes is a highway of an activation (tanh, relu, sigmoid,
// identity) applied to one earlier state (the derived cell) or a softmax(α)-weighted mixture over
// all earlier states and activations (the search cell, with batch norm); the new hidden state is
// the mean of the nodes. Dropouts are the AWD-LSTM ones the paper uses: embedding (whole words),
// locked (variational) on the input and output sequences, and per-sequence masks on the cell's x
// and h inputs.
package rnn
