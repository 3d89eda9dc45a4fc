package darts

// ParamUpdateBatchNormStats is the GoMLX context graph parameter that, when false, stops batch norms
// in a training graph from updating their running statistics. The architect sets it so that only
// the weight step's forward pass moves them, not the extra forward passes of the α step.
const ParamUpdateBatchNormStats = "darts_update_bn_stats"
