package codec_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// atLimits returns a record whose every bounded field is at its limit.
func atLimits() codec.Record {
	half := strings.Repeat("m", codec.MaxMetadataLen/2-1)
	return codec.Record{Version: 1, ID: strings.Repeat("i", codec.MaxIDLen), Type: strings.Repeat("t", codec.MaxTypeLen),
		Metadata: map[string]string{"a": half, "b": half}, Prev: bytes.Repeat([]byte{1}, codec.HashSize)}
}

func TestBinaryRoundTripAtLimits(t *testing.T) {
	r := atLimits()
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got codec.Record
	if err := got.UnmarshalBinary(b); err != nil || !got.Equal(r) {
		t.Fatalf("UnmarshalBinary of a record at the limits = %v", err)
	}
}

// TestMarshalBinaryRefusesOverLimits: a record no decoder would accept is
// never encoded.
func TestMarshalBinaryRefusesOverLimits(t *testing.T) {
	edits := map[string]func(*codec.Record){
		"event ID":      func(r *codec.Record) { r.ID += "i" },
		"type":          func(r *codec.Record) { r.Type += "t" },
		"metadata":      func(r *codec.Record) { r.Metadata["c"] = "" },
		"previous hash": func(r *codec.Record) { r.Prev = append(r.Prev, 0) },
	}
	for field, edit := range edits {
		r := atLimits()
		edit(&r)
		if _, err := r.MarshalBinary(); !errors.Is(err, sealstream.ErrInvalidEvent) || !strings.Contains(err.Error(), field) {
			t.Errorf("MarshalBinary with the %s over its limit = %v, want ErrInvalidEvent naming it", field, err)
		}
	}
}

func TestDecodeMetadata(t *testing.T) {
	for _, m := range []map[string]string{nil, {"": "v"}, {"k": ""}, {"b": "2", "a": "1", "ab": "x"}, maxMetadata()} {
		b := codec.AppendMetadata(nil, m)
		var got map[string]string
		var err error
		checkAlloc(t, "metadata", b, func(b []byte) { got, err = codec.DecodeMetadata(b) })
		if err != nil || len(got) != len(m) || !bytes.Equal(codec.AppendMetadata(nil, got), b) {
			t.Fatalf("DecodeMetadata of %d entries = %d entries, %v", len(m), len(got), err)
		}
	}
	ordered := codec.AppendMetadata(nil, map[string]string{"a": "1", "b": "2"})
	swapped := append([]byte{2}, ordered[5:]...)
	swapped = append(swapped, ordered[1:5]...)
	for name, in := range map[string][]byte{
		"empty input":       nil,
		"keys out of order": swapped,
		"repeated key":      {2, 1, 'a', 0, 1, 'a', 0},
		"trailing bytes":    append(bytes.Clone(ordered), 0),
		"count over input":  {3, 1, 'a', 0, 1, 'b', 0},
		"truncated value":   ordered[:len(ordered)-1],
	} {
		if _, err := codec.DecodeMetadata(in); !errors.Is(err, sealstream.ErrCorrupt) {
			t.Errorf("DecodeMetadata(%s) = %v, want ErrCorrupt", name, err)
		}
	}
}
