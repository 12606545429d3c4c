package codec_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// FuzzUnmarshalBinary: any input is either a named error or a record that
// encodes back to exactly the same bytes; nothing panics, and decoding
// allocates within allocBound of the input's size.
func FuzzUnmarshalBinary(f *testing.F) {
	for _, r := range []codec.Record{sample(), {}, atLimits(), {Version: 1, Metadata: map[string]string{"": "", "a": "", "b": "c"}}} {
		b, err := r.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Add(withPadding(uv(recordUpTo(nil, nil), 60000), 1<<10))
	f.Fuzz(func(t *testing.T, in []byte) {
		var r codec.Record
		var err error
		checkAlloc(t, "UnmarshalBinary", in, func(in []byte) { err = r.UnmarshalBinary(in) })
		if err != nil {
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
