package train

import "github.com/dartsml/godarts/darts/run"

// The configurations are stored with snake_case keys (their json tags); run.DecodeConfig also
// reads the Go field names that runs stored before used, one level per type.

// UnmarshalJSON reads Config's snake_case keys, or the Go field names of older runs.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	return run.DecodeConfig(b, (*plain)(c))
}
