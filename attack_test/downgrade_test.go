package attack_test

import (
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/stream"
)

// downgrade writes a stream of three "all"-mode events, then replaces the
// payload of the record at index i with edit's and recomputes the chain
// after it, and returns a stream of a fresh store of the app on it.
func downgrade(t *testing.T, loc *location, id string, i int, edit func(r *codec.Record)) *stream.Stream[int] {
	t.Helper()
	a := newApp(t, loc)
	a.write(t, id, func(s *stream.Stream[int]) {
		appendEach(t, s, []sealstream.Event{ev("A", "1", nil), ev("B", "2", nil), ev("C", "3", nil)})
	})
	recs := loc.records(t, id)
	edit(&recs[i])
	rechain(id, recs, i+1, nil)
	loc.replace(t, id, recs)
	return openStream(t, a.store(t), id)
}

// A plaintext envelope in an encrypted store, however well chained, is a
// forgery: ErrDecrypt, in the middle of a stream or at its head.
func TestDowngradeToPlain(t *testing.T) {
	forLocations(t, func(t *testing.T, loc *location) {
		for _, i := range []int{1, 2} {
			s := downgrade(t, loc, fmt.Sprint("plain-", i), i, func(r *codec.Record) { r.Payload = envelope.Plain([]byte(forged)) })
			mustDetect(t, s, readPaths("", []string{"A"}), i, sealstream.ErrDecrypt)
		}
	})
}

// An envelope of format 1, written by an older version, is refused as such
// (ErrFormat) by every read path, never misread.
func TestOldFormatIsErrFormat(t *testing.T) {
	forLocations(t, func(t *testing.T, loc *location) {
		s := downgrade(t, loc, "old", 2, func(r *codec.Record) { r.Payload[0] = 1 })
		mustDetect(t, s, readPaths("", []string{"A"}), 2, sealstream.ErrFormat)
	})
}
