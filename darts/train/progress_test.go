package train

import "testing"

func TestProgressRecordString(t *testing.T) {
	for _, tc := range []struct {
		r    ProgressRecord
		want string
	}{
		{ProgressRecord{Search: "cifar10_order1", Epoch: 6, ValError: 83.59}, "cifar10_order1 epoch 6: validation error 83.6%"},
		{ProgressRecord{Search: "random", ValError: 82.8125}, "random cell: validation error 82.8%"},
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
	}
}
