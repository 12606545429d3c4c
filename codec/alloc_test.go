package codec_test

import (
	"runtime"
	"testing"
)

// allocBound is the most a decode of n input bytes may allocate. The
// largest share is a metadata map: up to 80 bytes per entry on amd64 (its
// tables are sized in powers of two and kept at most 7/8 full). Keys are
// distinct, so all but 257 entries hold at least 4 input bytes (two length
// prefixes, a key of 2 bytes or more): 20 bytes per input byte. The
// constant covers small maps and the runtime's own noise.
func allocBound(n int) uint64 { return 32*uint64(n) + 64<<10 }

// allocated returns the bytes allocated on the heap while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// checkAlloc fails t when decoding in with decode allocates more than
// allocBound(len(in)).
func checkAlloc(t *testing.T, what string, in []byte, decode func([]byte)) {
	t.Helper()
	if got, limit := allocated(func() { decode(in) }), allocBound(len(in)); got > limit {
		t.Fatalf("%s: decoding %d bytes allocated %d bytes, over the %d bound", what, len(in), got, limit)
	}
}
