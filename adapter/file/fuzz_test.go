package file_test

import (
	"bytes"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/codec"
)

// FuzzDecodeLine feeds arbitrary bytes to DecodeLine, with the checksum
// fixed up when fixCRC is set so that the parser behind it is reached. No
// input may panic; an accepted line must re-encode, with its batch marker,
// to the same bytes, and encoding/json must read the same record and
// marker from it.
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
	f.Fuzz(func(t *testing.T, line []byte, fixCRC bool) {
		if fixCRC {
			line = withCRC(line)
		}
		rec, more, err := lineCodec.DecodeLine(line)
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
