package attack_test

import (
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/stream"
)

// bob is a recipient, not a writer: he holds his identity, alice's public
// export and the data keys of the events sealed to him, but no stream key
// and not the writer's signing key. Nothing he writes to the storage reads
// as an event for alice, whether she holds the stream keys or trusts only
// the writer's signature, and the application does not chain onto it.
func TestRecipientCannotForgeForAnother(t *testing.T) {
	forLocations(t, func(t *testing.T, loc *location) {
		a := newApp(t, loc)
		const id = "household"
		a.write(t, id, func(s *stream.Stream[int]) {
			appendEach(t, s, []sealstream.Event{
				ev("RentDue", `{"amount":900}`, nil),
				ev("RentPaid", `{"amount":900,"by":"alice"}`, nil),
			}, stream.To(recipient(t, a.alice), recipient(t, a.bob)))
		})
		genuine := loc.records(t, id)
		last := len(genuine) - 1
		paths := append(asPaths("alice", nil), verifyPath, metricsPath)

		attacks := []struct {
			name    string
			genuine int // genuine events before the forged one
			forge   func(t *testing.T) []codec.Record
		}{
			{"a new event sealed to alice and signed by bob", len(genuine), func(t *testing.T) []codec.Record {
				bob := newAttacker(t, "bob")
				bob.id = a.bob
				recs := append(cloneAll(genuine), codec.Record{
					Version: uint64(len(genuine) + 1), ID: "rent-refund", Type: "RentRefunded", Time: genuine[last].Time + 1})
				rechain(id, recs, len(recs)-1, func(_ int, r *codec.Record) { bob.sealTo(t, id, r, forged, exported(t, a.alice)) })
				return recs
			}},
			{"the last group event re-encrypted under its data key", last, func(t *testing.T) []codec.Record {
				recs := cloneAll(genuine)
				reseal(t, id, &recs[last], a.bob, forged)
				return recs
			}},
		}
		for _, at := range attacks {
			t.Run(at.name, func(t *testing.T) {
				recs := at.forge(t)
				loc.replace(t, id, recs)
				s := openStream(t, a.store(t), id)
				mustDetect(t, s, paths, at.genuine, sealstream.ErrDecrypt, sealstream.ErrIntegrity)
				mustDetect(t, openStream(t, a.device(t), id), paths, at.genuine, sealstream.ErrDecrypt, sealstream.ErrIntegrity)
				v, err := s.Append(t.Context(), []sealstream.Event{ev("RentDue", `{"amount":900}`, nil)}, stream.To(recipient(t, a.alice)))
				if !isOneOf(err, []error{sealstream.ErrDecrypt, sealstream.ErrIntegrity}) || v != 0 {
					t.Errorf("Append after the forgery = %d, %v; want it refused with ErrDecrypt or ErrIntegrity", v, err)
				}
				sameRecords(t, loc, id, recs)
			})
		}
	})
}
