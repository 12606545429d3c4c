package file_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter/file"
)

// sideDamage is a stream file and an offset sidecar to put beside it, and
// how many records the file holds.
type sideDamage struct {
	name      string
	log, side []byte
	count     int
}

// TestSidecarDamage opens a stream of 700 records beside an offset
// sidecar that is stale, damaged (header or entry bits flipped, garbage),
// truncated, copied from another stream, or claiming records that a log
// truncated by hand no longer holds: each is detected, Head and reads
// from any version are right, nothing is cut, and the sidecar left after
// Close is the one the adapter writes from scratch for that file.
func TestSidecarDamage(t *testing.T) {
	const n = 700
	recs, path := sideStream(t, t.TempDir(), "side", n, 64)
	data, err := os.ReadFile(path)
	mustf(t, err, "read")
	good, err := os.ReadFile(path + ".idx")
	mustf(t, err, "read the sidecar")
	sameFile(t, "sidecar saved while appending", path+".idx", reference(t, "side", data))
	_, otherPath := sideStream(t, t.TempDir(), "edis", n, 64) // same line lengths, another stream
	other, err := os.ReadFile(otherPath + ".idx")
	mustf(t, err, "read the other sidecar")
	lines := lineStarts(data)
	rng := seeded(t)
	flip := func(i int) []byte {
		c := bytes.Clone(good)
		c[i] ^= 1 << rng.IntN(8)
		return c
	}
	garbage := make([]byte, len(good))
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	cases := []sideDamage{
		{"stale", data, reference(t, "side", data[:lines[301]]), n},
		{"copied from another stream", data, other, n},
		{"garbage", data, garbage, n},
		{"claims records the log lost", data[:lines[501]], good, 500},
	}
	for i := range 64 {
		cases = append(cases, sideDamage{fmt.Sprintf("header byte %d flipped", i), data, flip(i), n})
	}
	for _, v := range []int{1, 2, 350, 699, 700} {
		cases = append(cases, sideDamage{fmt.Sprintf("entry of record %d flipped", v), data, flip(64 + 8*(v-1) + rng.IntN(8)), n})
	}
	for _, size := range []int{0, 1, 63, 64, 64 + 8*350, len(good) - 1} {
		cases = append(cases, sideDamage{fmt.Sprintf("truncated to %d bytes", size), data, good[:size], n})
	}
	for _, c := range cases {
		dir := t.TempDir()
		p := filepath.Join(dir, "side.jsonl")
		mustf(t, os.WriteFile(p, c.log, 0o600), "%s: write", c.name)
		mustf(t, os.WriteFile(p+".idx", c.side, 0o600), "%s: write the sidecar", c.name)
		var cuts []file.Recovery
		opts := sideOpts(64)
		opts.OnRecover = func(r file.Recovery) { cuts = append(cuts, r) }
		a := openAdapter(t, dir, opts)
		l := openLog(t, a, "side")
		h, err := l.Head(context.Background())
		if err != nil || h.Version != uint64(c.count) {
			t.Fatalf("%s: Head() = %d, %v; want %d", c.name, h.Version, err, c.count)
		}
		for _, from := range []int{1, c.count / 2, c.count} {
			readFrom(t, l, uint64(from), recs[:c.count])
		}
		mustf(t, l.Close(), "%s: close", c.name)
		mustf(t, a.Close(), "%s: close adapter", c.name)
		if len(cuts) != 0 {
			t.Fatalf("%s: cut %+v", c.name, cuts)
		}
		sameFile(t, c.name, p, c.log)
		sameFile(t, c.name, p+".idx", reference(t, "side", c.log))
	}
}
