package file_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
)

// TestBatteryWithSidecar reruns the damage battery with an offset sidecar
// covering the first 6 records (batches of 1, 2 and 3) beside the file:
// torn tails are cut as before and any other damage is ErrCorrupt with
// an offset, but damage to the lines of records 1 to 5 passes Open, which
// reads no line before the sidecar's last, and a Read over it reports it.
func TestBatteryWithSidecar(t *testing.T) {
	b := newBattery(t)
	b.side = reference(t, "battery", b.orig[:b.lines[7]])
	t.Run("bit flips", func(t *testing.T) {
		rng := seeded(t)
		covered := 0
		for range 1000 {
			off, bit := rng.IntN(len(b.orig)), rng.IntN(8)
			data := bytes.Clone(b.orig)
			data[off] ^= 1 << bit
			what := fmt.Sprintf("bit %d of byte %d", bit, off)
			if off < b.lines[1] || off >= b.lines[6] {
				b.judge(t, what, data, b.flipWant(off))
				continue
			}
			covered++
			_, _, err := b.try(t, data)
			if !b.open || !errors.Is(err, sealstream.ErrCorrupt) || !strings.Contains(err.Error(), "offset") {
				t.Fatalf("%s: opened %v, error %v; want Open to pass and Read to report ErrCorrupt with an offset",
					what, b.open, err)
			}
		}
		t.Logf("%d flips in records 1 to 5", covered)
	})
	t.Run("truncations", func(t *testing.T) { truncations(t, b) })
	t.Run("line edits", func(t *testing.T) { lineEdits(t, b) })
}
