package file_test

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/codec"
)

// FuzzDecodeLine feeds arbitrary bytes to DecodeLine, with the checksum
// fixed up when fixCRC is set so that the parser behind it is reached. No
// input may panic or allocate more than allocBound allows; an accepted
// line must re-encode, with its batch marker, to the same bytes, and
// encoding/json must read the same record and marker from it.
func FuzzDecodeLine(f *testing.F) {
	seeds := append(adaptertest.Records(lineStream, 0, 3, nil),
		codec.Record{},
		codec.Record{Version: 1, ID: "\x00\"\\\n\u2028é😀", Type: "<&>", Time: -1,
			Metadata: map[string]string{"": "", "\x1f": "\t"}, Prev: []byte{0}, Payload: []byte{0xff, 0xfe}})
	for i := range seeds {
		line, err := lineCodec.AppendLine(nil, &seeds[i], uint64(i%3))
		if err != nil {
			f.Fatal(err)
		}
		line = line[:len(line)-1]
		f.Add(line, false)
		f.Add(body(line), true)
	}
	f.Add([]byte(`{"f":1,"v":1,"id":`+"\"\\u0000\""+`}`), true)
	f.Add(manyEscapes(f), false)
	f.Fuzz(func(t *testing.T, line []byte, fixCRC bool) {
		if fixCRC {
			line = withCRC(line)
		}
		var rec codec.Record
		var more uint64
		var err error
		checkAllocs(t, len(line), func() { rec, more, err = lineCodec.DecodeLine(line) })
		if err != nil {
			if !isCorrupt(err) {
				t.Fatalf("DecodeLine(%q) error = %v, want ErrCorrupt", line, err)
			}
			return
		}
		again, err := lineCodec.AppendLine(nil, &rec, more)
		if err != nil || !bytes.Equal(again, append(bytes.Clone(line), '\n')) {
			t.Fatalf("DecodeLine(%q) = %+v, %d, which encodes to %q, %v", line, rec, more, again, err)
		}
		std, stdMore, err := stdDecode(line)
		if err != nil || !std.Equal(rec) || stdMore != more {
			t.Fatalf("DecodeLine(%q) = %+v, %d; encoding/json reads %+v, %d, %v", line, rec, more, std, stdMore, err)
		}
	})
}

// manyEscapes is the line of a record with 2,000 metadata pairs whose
// strings hold escapes: decoding it must cost memory in proportion to
// its length, not to its length times its strings.
func manyEscapes(tb testing.TB) []byte {
	r := codec.Record{Version: 1, ID: "e1", Type: "T", Metadata: map[string]string{}}
	for i := range 2000 {
		r.Metadata[fmt.Sprintf("k%04d\n", i)] = "\t"
	}
	line, err := lineCodec.AppendLine(nil, &r, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return line[:len(line)-1]
}

// allocBound is the most a fuzz target may allocate for an input of n
// bytes: 64 bytes per input byte, plus 1 MiB. The densest line to decode
// is one of nothing but the shortest metadata pairs, `"ab":"",`: each 8
// bytes of it cost a map entry, an element of the growing slice of pairs
// and their strings, about 40 bytes per input byte in all (measured on a
// line of 7,832 such pairs). Reading a file adds a record of about 100
// bytes and 8 bytes of index per line of at least 96 bytes, and buffers
// no larger than the file. 64 leaves a margin over that and still catches
// any cost that grows faster than the input. The 1 MiB covers fixed costs
// (an adapter and its directory, a scan's first buffer, the 6 KiB header
// buffer, error text) and what the runtime allocates meanwhile, since
// TotalAlloc counts the whole process.
func allocBound(n int) uint64 { return 64*uint64(n) + 1<<20 }

// checkAllocs runs fn and fails t if it allocated more than allocBound(n).
func checkAllocs(t *testing.T, n int, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > allocBound(n) {
		t.Fatalf("allocated %d bytes for %d bytes of input, over the bound of %d", got, n, allocBound(n))
	}
}
