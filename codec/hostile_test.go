package codec_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

var uv = binary.AppendUvarint

// recordUpTo returns the bytes of a record with ID id and type typ, up to
// and excluding its metadata count.
func recordUpTo(id, typ []byte) []byte {
	b := uv([]byte{codec.FormatVersion}, 1)
	b = append(uv(b, uint64(len(id))), id...)
	b = append(uv(b, uint64(len(typ))), typ...)
	return binary.BigEndian.AppendUint64(b, 0)
}

// withPadding returns b followed by n zero bytes.
func withPadding(b []byte, n int) []byte { return append(b, make([]byte, n)...) }

// TestUnmarshalBinaryHostileCounts: counts and lengths larger than the input
// or the limits are refused with ErrCorrupt naming the field, before any
// allocation they would size.
func TestUnmarshalBinaryHostileCounts(t *testing.T) {
	noMeta := uv(recordUpTo(nil, nil), 0)
	big := strings.Repeat("v", 40<<10)
	cases := []struct {
		name, field string
		in          []byte
	}{
		{"metadata count that a 4 MiB record could hold", "metadata count", withPadding(uv(recordUpTo(nil, nil), 4<<20), 4<<20)},
		{"metadata count of 2^64-1", "metadata count", withPadding(uv(recordUpTo(nil, nil), math.MaxUint64), 1<<10)},
		{"metadata count within the limit, more than the input holds", "metadata count", withPadding(uv(recordUpTo(nil, nil), 60000), 1000)},
		{"metadata count within the limit, repeated keys", "metadata key", withPadding(uv(recordUpTo(nil, nil), 30000), 64<<10)},
		{"metadata key length 2^50", "metadata key", withPadding(uv(uv(recordUpTo(nil, nil), 1), 1<<50), 1<<10)},
		{"metadata value length 2^40", "metadata value", withPadding(uv(append(uv(uv(recordUpTo(nil, nil), 1), 1), 'k'), 1<<40), 1<<10)},
		{"metadata of 80 KiB", "metadata", codecBytes(t, "a", big, "b", big)},
		{"event ID length 2^62", "event ID", withPadding(uv([]byte{codec.FormatVersion, 1}, 1<<62), 1<<10)},
		{"event ID of 129 bytes", "event ID", withPadding(recordUpTo(bytes.Repeat([]byte{'i'}, 129), nil), 4)},
		{"type length 2^40", "type", withPadding(uv([]byte{codec.FormatVersion, 1, 0}, 1<<40), 1<<10)},
		{"type of 257 bytes", "type", withPadding(recordUpTo(nil, bytes.Repeat([]byte{'t'}, 257)), 4)},
		{"previous hash length 2^63", "previous hash", withPadding(uv(noMeta, 1<<63), 1<<10)},
		{"previous hash of 33 bytes", "previous hash", withPadding(uv(noMeta, 33), 40)},
		{"payload length 2^64-1", "payload", withPadding(uv(uv(noMeta, 0), math.MaxUint64), 1<<10)},
		{"payload length one past the input", "payload", withPadding(uv(uv(noMeta, 0), 1<<20+1), 1<<20)},
		{"payload length past MaxFieldSize", "payload", withPadding(uv(uv(noMeta, 0), codec.MaxFieldSize+1), 1<<10)},
	}
	for _, c := range cases {
		var err error
		checkAlloc(t, c.name, c.in, func(in []byte) {
			var r codec.Record
			err = r.UnmarshalBinary(in)
		})
		if !errors.Is(err, sealstream.ErrCorrupt) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: UnmarshalBinary = %v, want ErrCorrupt naming the %s", c.name, err, c.field)
		}
	}
}

// codecBytes returns the binary record whose metadata holds the pairs kv,
// written by hand since MarshalBinary refuses metadata past the limit.
func codecBytes(t *testing.T, kv ...string) []byte {
	t.Helper()
	b := uv(recordUpTo(nil, nil), uint64(len(kv)/2))
	for _, s := range kv {
		b = append(uv(b, uint64(len(s))), s...)
	}
	return uv(uv(b, 0), 0)
}

// maxMetadata returns the metadata with the most entries within
// MaxMetadataLen: every 1-byte key, then 2-byte keys, all values empty.
func maxMetadata() map[string]string {
	m := map[string]string{}
	for i := range 256 {
		m[string([]byte{byte(i)})] = ""
	}
	for i := 0; 256+2*(i+1) <= codec.MaxMetadataLen; i++ {
		m[string([]byte{byte(i >> 8), byte(i)})] = ""
	}
	return m
}

// TestUnmarshalBinaryLargestMetadata: the record with the most metadata
// entries the limits allow decodes, within the allocation bound.
func TestUnmarshalBinaryLargestMetadata(t *testing.T) {
	r := codec.Record{Version: 1, Type: "T", Metadata: maxMetadata()}
	in, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got codec.Record
	checkAlloc(t, "largest metadata", in, func(in []byte) { err = got.UnmarshalBinary(in) })
	if err != nil || !got.Equal(r) {
		t.Fatalf("UnmarshalBinary of %d metadata entries = %v", len(r.Metadata), err)
	}
}
