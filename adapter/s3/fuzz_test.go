package s3_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// FuzzDecodeCommit feeds arbitrary bytes to the commit decoder, as a
// damaged or hostile bucket could: it never panics, refuses with
// ErrCorrupt, and what it accepts encodes back to an object that decodes
// to the same records.
func FuzzDecodeCommit(f *testing.F) {
	for _, n := range []int{0, 1, 3} {
		b, err := s3.EncodeCommit(7, 12, 1000, adaptertest.Records("fuzz", 11, n, nil))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("SSC1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		first, total, recs, err := s3.DecodeCommit(7, b)
		if err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) {
				t.Fatalf("refused with %v, want ErrCorrupt", err)
			}
			return
		}
		again, err := s3.EncodeCommit(7, first, total-int64(len(b)), recs)
		if err != nil {
			t.Fatalf("an accepted commit does not encode: %v", err)
		}
		f2, _, recs2, err := s3.DecodeCommit(7, again)
		if err != nil || f2 != first || len(recs2) != len(recs) {
			t.Fatalf("re-encoded commit decodes to %d records at %d, %v", len(recs2), f2, err)
		}
		for i := range recs {
			if !recs[i].Equal(recs2[i]) {
				t.Fatalf("record %d changed across a round trip", i)
			}
		}
	})
}

// FuzzDecodeSegment does the same for segments of commits 3 to 4.
func FuzzDecodeSegment(f *testing.F) {
	a, _ := s3.EncodeCommit(3, 1, 0, adaptertest.Records("fuzz", 0, 2, nil))
	b, _ := s3.EncodeCommit(4, 3, int64(len(a)), adaptertest.Records("fuzz", 2, 1, nil))
	seg, err := s3.EncodeSegment([][]byte{a, b}, 3)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seg)
	f.Add([]byte("SSG1\x03\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := s3.DecodeSegment(3, 4, b)
		if err != nil && !errors.Is(err, sealstream.ErrCorrupt) {
			t.Fatalf("refused with %v, want ErrCorrupt", err)
		}
		if err == nil && n != 2 {
			t.Fatalf("accepted a segment of %d commits, want 2", n)
		}
	})
}

// FuzzKeyNames checks that names round-trip through the key encoding,
// that no encoding holds a '.', an upper-case letter or an empty or
// over-long component, and that decoding accepts only what encoding
// makes.
func FuzzKeyNames(f *testing.F) {
	for _, s := range adaptertest.HostileIDs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := s3.EncodeName(s)
		if got, ok := s3.DecodeName(enc); !ok || got != s {
			t.Fatalf("%q encodes to %q, which decodes to %q, %v", s, enc, got, ok)
		}
		for _, c := range strings.Split(enc, "/") {
			if (c == "" && s != "") || len(c) > 255 {
				t.Fatalf("%q has a component of %d bytes", enc, len(c))
			}
		}
		flat := strings.ReplaceAll(enc, "/", "")
		for i := 0; i < len(flat); i++ {
			switch c := flat[i]; {
			case c == '%':
				i += 2 // two upper-case hex digits, checked by the round trip
			case c != '-' && c != '_' && (c < 'a' || c > 'z') && (c < '0' || c > '9'):
				t.Fatalf("%q holds %q", enc, c)
			}
		}
		if dec, ok := s3.DecodeName(s); ok && s3.EncodeName(dec) != s {
			t.Fatalf("%q decodes to %q, which encodes otherwise", s, dec)
		}
	})
}
