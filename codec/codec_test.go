package codec_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func sample() codec.Record {
	return codec.Record{Version: 7, ID: "e-7", Type: "Moved", Time: -5, Metadata: map[string]string{"b": "2", "a": "1"},
		Prev: bytes.Repeat([]byte{9}, 32), Payload: []byte{1, 1, 0, 255}}
}

func TestBinaryRoundTrip(t *testing.T) {
	for _, r := range []codec.Record{sample(), {}, {Version: 1, Type: "T"}} {
		b, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got codec.Record
		if err := got.UnmarshalBinary(b); err != nil || !got.Equal(r) {
			t.Fatalf("round trip of %+v = %+v, %v", r, got, err)
		}
	}
}

func TestBinaryRejectsDamage(t *testing.T) {
	r := sample()
	b, _ := r.MarshalBinary()
	bad := [][]byte{nil, {2}, b[:len(b)-1], append(bytes.Clone(b), 0)}
	for i := 1; i < len(b); i++ {
		bad = append(bad, b[:i])
	}
	for _, in := range bad {
		var got codec.Record
		if err := got.UnmarshalBinary(in); !errors.Is(err, sealstream.ErrCorrupt) {
			t.Fatalf("UnmarshalBinary(% x) = %v, want ErrCorrupt", in, err)
		}
	}
}

// AD bytes differ whenever any bound field differs, including splits of
// one string across two fields.
func TestADInjective(t *testing.T) {
	base := sample()
	variants := map[string]func(*codec.Record){
		"version":  func(r *codec.Record) { r.Version++ },
		"ID":       func(r *codec.Record) { r.ID = "e-" },
		"type":     func(r *codec.Record) { r.ID, r.Type = "e-7M", "oved" },
		"time":     func(r *codec.Record) { r.Time = 5 },
		"metadata": func(r *codec.Record) { r.Metadata = map[string]string{"a": "1b", "": "2"} },
		"prev":     func(r *codec.Record) { r.Prev = r.Prev[1:] },
	}
	want := codec.AD(nil, "s", &base)
	if got := codec.AD(nil, "s", &base); !bytes.Equal(got, want) {
		t.Fatal("AD is not deterministic")
	}
	if bytes.Equal(codec.AD(nil, "s2", &base), want) {
		t.Fatal("AD ignores the stream ID")
	}
	for name, edit := range variants {
		r := sample()
		edit(&r)
		if bytes.Equal(codec.AD(nil, "s", &r), want) {
			t.Errorf("AD ignores a change of %s", name)
		}
	}
	h1, r2 := codec.Hash("s", &base), sample()
	r2.Payload = []byte{1}
	if bytes.Equal(h1, codec.Hash("s", &r2)) || len(h1) != codec.HashSize {
		t.Fatal("Hash ignores the payload or has the wrong size")
	}
}

func ExampleRecord_MarshalBinary() {
	r := codec.Record{Version: 1, ID: "e1", Type: "Moved", Payload: []byte("sealed")}
	b, _ := r.MarshalBinary()
	var back codec.Record
	err := back.UnmarshalBinary(b)
	fmt.Println(back.Version, back.Type, string(back.Payload), err)
	// Output: 1 Moved sealed <nil>
}
