package file_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// TestBitFlips flips 1,000 random single bits. A flip of the final
// newline leaves an incomplete line, and one of the newline before the
// last line merges the last two lines of the last batch (of three) into
// one bad line after which a record is missing: both are what a torn
// write leaves, and the last batch is cut. A flip anywhere else, in the
// last line included, is ErrCorrupt.
func TestBitFlips(t *testing.T) {
	b := newBattery(t)
	rng := seeded(t)
	for range 1000 {
		off, bit := rng.IntN(len(b.orig)), rng.IntN(8)
		data := bytes.Clone(b.orig)
		data[off] ^= 1 << bit
		b.judge(t, fmt.Sprintf("bit %d of byte %d", bit, off), data, b.flipWant(off))
	}
}

// flipWant is the outcome of a flipped bit at off.
func (b *battery) flipWant(off int) outcome {
	if off == len(b.orig)-1 || off == b.lastLine()-1 {
		return cut
	}
	return corrupt
}

// TestRandomOverwrites overwrites 200 random runs of 1 to 16 bytes:
// damage that keeps the last line complete, or that a good line follows,
// is ErrCorrupt.
func TestRandomOverwrites(t *testing.T) {
	b := newBattery(t)
	rng := seeded(t)
	for range 200 {
		off := rng.IntN(len(b.orig))
		n := min(1+rng.IntN(16), len(b.orig)-off)
		data := bytes.Clone(b.orig)
		for i := range n {
			data[off+i] = byte(rng.UintN(256))
		}
		if bytes.Equal(data, b.orig) {
			continue
		}
		want := either
		switch {
		case off+n < b.lastLine()-1:
			want = corrupt // a good last line follows the damage
		case off >= b.lastLine() && off+n < len(b.orig):
			want = corrupt // the last line is complete, and bad
		}
		b.judge(t, fmt.Sprintf("%d bytes at %d", n, off), data, want)
	}
}

// TestTruncations cuts the file at every byte of its last 5 records, a
// batch of two and one of three: only a cut at the end of a batch leaves
// nothing to repair; anywhere else the unfinished batch is cut whole.
func TestTruncations(t *testing.T) { truncations(t, newBattery(t)) }

func truncations(t *testing.T, b *battery) {
	for size := b.lines[len(b.lines)-5]; size < len(b.orig); size++ {
		if v := slices.Index(b.lines, size) - 1; v >= 0 && b.ends[v] {
			recs, cuts, err := b.try(t, b.orig[:size])
			if err != nil || len(cuts) != 0 || b.endOf(len(recs)) != size {
				t.Fatalf("truncated at batch boundary %d: %d records, cuts %+v, error %v", size, len(recs), cuts, err)
			}
			continue
		}
		b.judge(t, fmt.Sprintf("truncated to %d bytes", size), b.orig[:size], cut)
	}
}

// TestLineEdits swaps, deletes, duplicates and splices whole lines.
func TestLineEdits(t *testing.T) { lineEdits(t, newBattery(t)) }

func lineEdits(t *testing.T, b *battery) {
	n := batteryRecords
	rec := func(data []byte, v int) []byte { return line(data, b.lines, v) }
	build := func(vs ...int) []byte { // the header and the lines of vs
		out := slices.Clone(rec(b.orig, 0))
		for _, v := range vs {
			out = append(out, rec(b.orig, v)...)
		}
		return out
	}
	// lines is build without the header.
	lines := func(vs ...int) []byte { return build(vs...)[len(rec(b.orig, 0)):] }
	seq := func(from, to int) []int { // from…to
		var out []int
		for v := from; v <= to; v++ {
			out = append(out, v)
		}
		return out
	}
	cat := func(parts ...[]int) []int { return slices.Concat(parts...) }
	other := func(v int) []byte { // record v's line from another stream's file
		start := bytes.Index(b.other, rec(b.orig, v)[:20])
		return b.other[start : start+len(rec(b.orig, v))]
	}
	splice := func(v int) []byte {
		return slices.Concat(build(seq(1, v-1)...), other(v), lines(seq(v+1, n)...))
	}
	for _, tc := range []struct {
		name string
		data []byte
		want outcome
	}{
		{"swap 3 and 4", build(cat(seq(1, 2), []int{4, 3}, seq(5, n))...), corrupt},
		{"swap the last two", build(cat(seq(1, n-2), []int{n, n - 1})...), corrupt},
		{"delete 5", build(cat(seq(1, 4), seq(6, n))...), corrupt},
		{"delete 1", build(seq(2, n)...), corrupt},
		{"duplicate 5", build(cat(seq(1, 5), seq(5, n))...), corrupt},
		{"duplicate the last", build(cat(seq(1, n), []int{n})...), corrupt},
		{"splice 6 from another stream", splice(6), corrupt},
		{"splice the last from another stream", splice(n), corrupt},
		{"append a line of another stream", slices.Concat(b.orig, other(n)), corrupt},
		{"header of another stream", slices.Concat(rec(b.other, 0), b.orig[len(rec(b.orig, 0)):]), corrupt},
		{"header only, cut", rec(b.orig, 0)[:10], corrupt},
		{"garbage after the last line", slices.Concat(b.orig, []byte("\x00\x00\x00\x00")), cut},
		{"a bad line at the end", slices.Concat(b.orig, []byte("{}\n")), corrupt},
		{"two bad lines at the end", slices.Concat(b.orig, []byte("{}\n{}\n")), corrupt},
		{"bad line then good line", slices.Concat(build(seq(1, n-1)...), []byte("{}\n"), rec(b.orig, n)), corrupt},
		{"delete the last line of the last batch", build(seq(1, n-1)...), cut},
		{"last line of the last batch bad", slices.Concat(build(seq(1, n-1)...), []byte("{}\n")), corrupt},
		{"last batch never ends", slices.Concat(build(seq(1, n-3)...), b.encode(t, n-2, 3), b.encode(t, n-1, 2), b.encode(t, n, 1)), cut},
		{"unfinished batch, then a bad line", slices.Concat(build(seq(1, n-2)...), []byte("{}\n")), cut},
		{"unfinished batch, then an incomplete line", slices.Concat(build(seq(1, n-2)...), []byte("{}")), cut},
		{"unfinished batch, then two bad lines", slices.Concat(build(seq(1, n-2)...), []byte("{}\n{}\n")), corrupt},
		{"unfinished batch, then a bad and an incomplete line", slices.Concat(build(seq(1, n-2)...), []byte("{}\n{}")), corrupt},
		{"earlier batch ends early", slices.Concat(build(seq(1, 4)...), b.encode(t, 5, 0), lines(seq(6, n)...)), corrupt},
		{"single record announces more", slices.Concat(build(), b.encode(t, 1, 1), lines(seq(2, n)...)), corrupt},
		{"batch marker jumps", slices.Concat(build(seq(1, n-2)...), b.encode(t, n-1, 5), rec(b.orig, n)), corrupt},
	} {
		b.judge(t, tc.name, tc.data, tc.want)
	}
	if got, cuts, err := b.try(t, build(seq(1, n-3)...)); err != nil || len(got) != n-3 || len(cuts) != 0 {
		t.Fatalf("delete the last batch: %d records, cuts %+v, error %v; want %d records, nothing cut (undetectable)",
			len(got), cuts, err, n-3)
	}
}
