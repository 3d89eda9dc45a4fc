package rnn

import "github.com/dartsml/godarts/darts/run"

// The configurations are stored with snake_case keys (their json tags); run.DecodeConfig also
// reads the Go field names that runs stored before used, one level per type.

// UnmarshalJSON reads SearchConfig's snake_case keys, or the Go field names of older runs. The
// optimiser settings that runs stored before they were fields read the values those runs used.
func (c *SearchConfig) UnmarshalJSON(b []byte) error {
	type plain SearchConfig
	a := PaperArchitect(1, false)
	c.WeightDecay, c.Clip, c.ArchLR, c.ArchWeightDecay = a.WeightOpt.WeightDecay, a.GradClip, a.ArchOpt.LR, a.ArchOpt.WeightDecay
	c.Beta = Beta
	return run.DecodeConfig(b, (*plain)(c))
}

// UnmarshalJSON reads Config's snake_case keys, or the Go field names of older runs.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	return run.DecodeConfig(b, (*plain)(c))
}

// UnmarshalJSON reads TrainConfig's snake_case keys, or the Go field names of older runs.
func (c *TrainConfig) UnmarshalJSON(b []byte) error {
	type plain TrainConfig
	return run.DecodeConfig(b, (*plain)(c))
}

// UnmarshalJSON reads TrainRunConfig's snake_case keys, or the Go field names of older runs.
func (c *TrainRunConfig) UnmarshalJSON(b []byte) error {
	type plain TrainRunConfig
	return run.DecodeConfig(b, (*plain)(c))
}
