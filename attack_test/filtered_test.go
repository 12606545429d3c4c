package attack_test

import (
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/stream"
)

// Filtered reads never decrypt what they skip, but they authenticate it:
// an attacker who relabels the last (or only) event a filter would find,
// by its type or its metadata, and recomputes the chain, gets an error
// from every filtered read rather than a quiet "no such event".
func TestFilteredReadsAuthenticateWhatTheySkip(t *testing.T) {
	cases := []struct {
		name    string
		types   []string
		victim  int // index of the record relabelled
		genuine int // events the filter finds before it
	}{
		{"last record", []string{"PolicyIssued", "ClaimFiled", "PolicyCancelled"}, 2, 0},
		{"middle record", []string{"PolicyIssued", "PolicyCancelled", "ClaimFiled", "Note"}, 1, 0},
		{"last of two, in the middle", []string{"PolicyCancelled", "PolicyIssued", "PolicyCancelled", "Note"}, 2, 1},
	}
	edits := []struct {
		name  string
		where stream.ReadOption
		edit  func(r *codec.Record)
	}{
		{"type", stream.Where([]string{"PolicyCancelled"}, nil), func(r *codec.Record) { r.Type = "Note" }},
		{"metadata", stream.Where(nil, map[string]string{"status": "cancelled"}),
			func(r *codec.Record) { r.Metadata = map[string]string{"status": "active"} }},
	}
	forLocations(t, func(t *testing.T, loc *location) {
		a := newApp(t, loc)
		for n, c := range cases {
			id := fmt.Sprint("policy-", n)
			a.write(t, id, func(s *stream.Stream[int]) {
				for _, typ := range c.types {
					status := map[bool]string{true: "cancelled", false: "active"}[typ == "PolicyCancelled"]
					appendEach(t, s, []sealstream.Event{ev(typ, typ+" payload", map[string]string{"status": status})})
				}
			})
			genuine := loc.records(t, id)
			t.Run(c.name+"/control: the key holder", func(t *testing.T) {
				holder := keyHolder(t, loc, id, a.writer)
				recs := cloneAll(genuine)
				edits[0].edit(&recs[c.victim])
				rechain(id, recs, c.victim, func(_ int, r *codec.Record) { holder.seal(t, id, r, "re-sealed") })
				loc.replace(t, id, recs)
				s := openStream(t, a.store(t), id)
				mustPass(t, s, filtered(edits[0].where))
				if got, _ := collect(edits[0].where)(t.Context(), s); len(got) != c.genuine {
					t.Fatalf("Read(Where()) after a genuine relabel = %d events, want %d", len(got), c.genuine)
				}
			})
			for _, e := range edits {
				t.Run(c.name+"/"+e.name, func(t *testing.T) {
					recs := cloneAll(genuine)
					e.edit(&recs[c.victim])
					rechain(id, recs, c.victim+1, nil)
					loc.replace(t, id, recs)
					s := openStream(t, a.store(t), id)
					mustDetect(t, s, filtered(e.where), c.genuine, sealstream.ErrDecrypt, sealstream.ErrIntegrity)
				})
			}
		}
	})
}
