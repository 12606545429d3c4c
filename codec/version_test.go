package codec_test

import (
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

func TestVersionOf(t *testing.T) {
	for _, v := range []uint64{1, 127, 128, 1 << 40} {
		r := codec.Record{Version: v, ID: "e", Type: "T"}
		b, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if got, err := codec.VersionOf(b); err != nil || got != v {
			t.Fatalf("VersionOf(record %d) = %d, %v", v, got, err)
		}
	}
	zero, _ := (&codec.Record{Version: 0, ID: "e", Type: "T"}).MarshalBinary()
	for name, b := range map[string][]byte{"empty": nil, "other format": {codec.FormatVersion + 1, 1},
		"no version": {codec.FormatVersion}, "cut varint": {codec.FormatVersion, 0x80}, "zero": zero} {
		if _, err := codec.VersionOf(b); !errors.Is(err, sealstream.ErrCorrupt) {
			t.Errorf("VersionOf(%s) = %v, want ErrCorrupt", name, err)
		}
	}
}
