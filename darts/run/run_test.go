package run

import (
	"encoding/json"
	"os"
	"testing"
)

func TestAppendAndTruncateLines(t *testing.T) {
	d, err := Create(t.TempDir() + "/run")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if err := d.Append(MetricsFile, map[string]int{"epoch": i}); err != nil {
			t.Fatal(err)
		}
	}
	// An interrupted write leaves a partial last line: readers skip it.
	f, _ := os.OpenFile(d.File(MetricsFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"epoch": 9`)
	f.Close()
	var epochs []int
	read := func() {
		epochs = nil
		err := ReadLines(d.File(MetricsFile), func(line []byte) error {
			var r map[string]int
			if err := json.Unmarshal(line, &r); err != nil {
				return err
			}
			epochs = append(epochs, r["epoch"])
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	read()
	if len(epochs) != 4 {
		t.Fatalf("read %v, want 4 complete records", epochs)
	}
	if err := d.TruncateLines(MetricsFile, 2); err != nil {
		t.Fatal(err)
	}
	read()
	if len(epochs) != 2 || epochs[1] != 1 {
		t.Fatalf("after truncation: %v", epochs)
	}
}
