package attack_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/stream"
)

// Anyone may hold alice's public export. With it an attacker seals an
// event to alice, chained onto the head: alice rejects it whether or not
// she holds the stream keys, Verify fails, and the application neither
// takes it for its own event of the same ID nor chains onto it.
func TestForgeFromRecipientExport(t *testing.T) {
	forLocations(t, func(t *testing.T, loc *location) {
		ctx := context.Background()
		a := newApp(t, loc)
		const id = "claims"
		toAlice := stream.To(recipient(t, a.alice))
		a.write(t, id, func(s *stream.Stream[int]) {
			appendEach(t, s, []sealstream.Event{
				{ID: "claim-1", Type: "ClaimFiled", Data: []byte(`{"amount":300}`)},
				{ID: "claim-2", Type: "ClaimFiled", Data: []byte(`{"amount":80}`)},
			}, toAlice)
			appendEach(t, s, []sealstream.Event{{ID: "note-1", Type: "Note", Data: []byte("shared")}},
				stream.To(recipient(t, a.alice), recipient(t, a.bob)))
		})
		paths := append(asPaths("alice", nil), verifyPath, metricsPath)
		dev := a.device(t)
		mustPass(t, openStream(t, dev, id), paths)
		if err := dev.Close(); err != nil {
			t.Fatal(err)
		}
		genuine := loc.records(t, id)
		forge := func(t *testing.T, by attacker) []codec.Record {
			recs := append(cloneAll(genuine), codec.Record{
				Version: uint64(len(genuine) + 1), ID: "claim-3", Type: "ClaimPaid",
				Time: time.Now().UnixNano(), Metadata: map[string]string{"policy": "home-42"},
			})
			rechain(id, recs, len(recs)-1, func(_ int, r *codec.Record) {
				by.sealTo(t, id, r, forged, exported(t, a.alice))
			})
			loc.replace(t, id, recs)
			return recs
		}
		t.Run("control: the key holder", func(t *testing.T) {
			forge(t, keyHolder(t, loc, id, a.writer))
			mustPass(t, openStream(t, a.store(t), id), paths)
			mustPass(t, openStream(t, a.device(t), id), paths)
		})
		for _, claimed := range []string{"mallory", a.writer.ID()} {
			t.Run("signed as "+claimed, func(t *testing.T) {
				recs := forge(t, newAttacker(t, claimed))

				s := openStream(t, a.store(t), id)
				mustDetect(t, s, paths, len(genuine), sealstream.ErrDecrypt, sealstream.ErrIntegrity)
				mustDetect(t, openStream(t, a.device(t), id), paths, len(genuine), sealstream.ErrDecrypt, sealstream.ErrIntegrity)

				// The application appends its own claim-3, then another
				// event: both are refused, and nothing chains onto the forgery.
				for _, e := range []sealstream.Event{
					{ID: "claim-3", Type: "ClaimPaid", Data: []byte(`{"amount":300}`), Metadata: map[string]string{"policy": "home-42"}},
					{Type: "Note", Data: []byte("later")},
				} {
					v, err := s.Append(ctx, []sealstream.Event{e}, toAlice)
					if !isOneOf(err, []error{sealstream.ErrDecrypt, sealstream.ErrIntegrity}) || v != 0 {
						t.Errorf("Append(%s) after the forgery = %d, %v; want it refused with ErrDecrypt or ErrIntegrity", e.Type, v, err)
					}
				}
				sameRecords(t, loc, id, recs)
			})
		}
	})
}
