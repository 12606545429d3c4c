package codec_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// FuzzUnmarshalBinary: any input is either a named error or a record that
// encodes back to exactly the same bytes; nothing panics.
func FuzzUnmarshalBinary(f *testing.F) {
	r := sample()
	b, _ := r.MarshalBinary()
	f.Add(b)
	empty, _ := (&codec.Record{}).MarshalBinary()
	f.Add(empty)
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, in []byte) {
		var r codec.Record
		if err := r.UnmarshalBinary(in); err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) {
				t.Fatalf("error %v is not ErrCorrupt", err)
			}
			return
		}
		out, err := r.MarshalBinary()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted input does not round-trip:\n in % x\nout % x", in, out)
		}
	})
}
