package attack_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// An attacker rewrites every record of an "all"-mode stream, its types,
// IDs, times and metadata too, into events sealed to a recipient with keys
// of its own, and recomputes the hash chain: no read path accepts one, nor
// skips them as events it may not read.
func TestRewriteIntoRecipientMode(t *testing.T) {
	forLocations(t, func(t *testing.T, loc *location) {
		a := newApp(t, loc)
		const id = "policy-holder"
		a.write(t, id, func(s *stream.Stream[int]) {
			appendEach(t, s, []sealstream.Event{
				ev("PolicyIssued", `{"policy":"home-42"}`, map[string]string{"policy": "home-42"}),
				ev("ClaimFiled", `{"amount":1200}`, map[string]string{"policy": "home-42"}),
				ev("ClaimPaid", `{"amount":1200}`, nil),
			})
			mustPass(t, s, readPaths("alice", []string{"ClaimPaid"}))
		})
		genuine := loc.records(t, id)
		rewrite := func(t *testing.T, by attacker, to keyset.Recipient) {
			recs := cloneAll(genuine)
			then := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
			rechain(id, recs, 0, func(i int, r *codec.Record) {
				r.ID, r.Type, r.Time = fmt.Sprint("refund-", i), "RefundIssued", then+int64(i)
				r.Metadata = map[string]string{"payee": "mallory"}
				by.sealTo(t, id, r, forged, to)
			})
			loc.replace(t, id, recs)
		}
		t.Run("control: the key holder", func(t *testing.T) {
			rewrite(t, keyHolder(t, loc, id, a.writer), exported(t, a.alice))
			mustPass(t, openStream(t, a.store(t), id), append(asPaths("alice", nil), verifyPath, metricsPath))
		})
		for _, to := range []struct {
			name string
			r    keyset.Recipient
		}{
			{"made-up recipient", recipient(t, identity(t, "mallory"))},
			{"real recipient", exported(t, a.alice)},
		} {
			for _, claimed := range []string{"mallory", a.writer.ID()} {
				t.Run(fmt.Sprintf("%s, signed as %s", to.name, claimed), func(t *testing.T) {
					rewrite(t, newAttacker(t, claimed), to.r)
					paths := readPaths("alice", []string{"RefundIssued"})
					mustDetect(t, openStream(t, a.store(t), id), paths, 0, sealstream.ErrDecrypt, sealstream.ErrIntegrity)
					mustDetect(t, openStream(t, a.device(t), id), paths, 0, sealstream.ErrDecrypt, sealstream.ErrIntegrity)
				})
			}
		}
	})
}
