package train

import (
	"encoding/json"

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/run"
)

// The configurations are stored with snake_case keys (their json tags); run.DecodeConfig also
// reads the Go field names that runs stored before used, one level per type.

// UnmarshalJSON reads Config's snake_case keys, or the Go field names of older runs. A CIFAR
// configuration stored before Cutout was a field reads PaperCutout, what it trained with.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	if err := run.DecodeConfig(b, (*plain)(c)); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) == nil && c.Net.Kind == evalnet.CIFAR {
		_, snake := keys["cutout"]
		_, goName := keys["Cutout"]
		if !snake && !goName {
			c.Cutout = PaperCutout
		}
	}
	return nil
}
