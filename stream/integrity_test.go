package stream_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/stream"
)

// rewrite serves each stream's records through a rewrite of the whole list.
type rewrite struct {
	*mem.Adapter
	fn func(id string, recs []codec.Record) []codec.Record
}

func (a *rewrite) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	return &rewriteLog{Log: l, a: a, id: id}, err
}

type rewriteLog struct {
	adapter.Log
	a  *rewrite
	id string
}

func (l *rewriteLog) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		var all []codec.Record
		for r, err := range l.Log.Read(ctx, 1) {
			if err != nil {
				yield(r, err)
				return
			}
			all = append(all, r)
		}
		if l.a.fn != nil {
			all = l.a.fn(l.id, all)
		}
		for _, r := range all[min(int(max(from, 1))-1, len(all)):] {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Reordered, deleted, duplicated and spliced records are detected; Verify
// names the first bad version.
func TestLogTamperDetected(t *testing.T) {
	spliced := func(id string, recs []codec.Record) []codec.Record { return recs }
	cases := []struct {
		name    string
		fn      func(id string, recs []codec.Record) []codec.Record
		version string
	}{
		{"swap 2 and 3", func(_ string, r []codec.Record) []codec.Record { r[1], r[2] = r[2], r[1]; return r }, "version 3"},
		{"delete 3", func(_ string, r []codec.Record) []codec.Record { return slices.Delete(r, 2, 3) }, "version 4"},
		{"duplicate 2", func(_ string, r []codec.Record) []codec.Record { return slices.Insert(r, 2, r[1]) }, "version 2"},
		{"renumbered after delete", func(_ string, r []codec.Record) []codec.Record {
			r = slices.Delete(r, 2, 3)
			for i := 2; i < len(r); i++ {
				r[i].Version--
			}
			return r
		}, "version 3"},
		{"splice from another stream", func(id string, r []codec.Record) []codec.Record {
			return spliced(id, r)
		}, "version 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &rewrite{Adapter: mem.New()}
			st := newStore(t, stream.Config{Opener: func(context.Context, string) (adapter.Adapter, error) { return a, nil }})
			s, donor := openCount(t, st, "victim"), openCount(t, st, "donor")
			for i := range 5 {
				mustAppend(t, s, ev("T", fmt.Sprint("victim ", i)))
				mustAppend(t, donor, ev("T", fmt.Sprint("donor ", i)))
			}
			if err := s.Verify(context.Background()); err != nil {
				t.Fatalf("Verify before tampering = %v", err)
			}
			dl, err := a.Adapter.Open(context.Background(), "donor")
			if err != nil {
				t.Fatal(err)
			}
			var donorRecs []codec.Record
			for r := range dl.Read(context.Background(), 1) {
				donorRecs = append(donorRecs, r)
			}
			spliced = func(_ string, r []codec.Record) []codec.Record { r[2] = donorRecs[2]; return r }
			a.fn = func(id string, r []codec.Record) []codec.Record {
				if id != "victim" {
					return r
				}
				return c.fn(id, r)
			}
			err = s.Verify(context.Background())
			if !errors.Is(err, sealstream.ErrIntegrity) && !errors.Is(err, sealstream.ErrDecrypt) {
				t.Fatalf("Verify = %v, want ErrIntegrity or ErrDecrypt", err)
			}
			if !strings.Contains(err.Error(), c.version) {
				t.Fatalf("Verify = %v, want it to name %s", err, c.version)
			}
			if _, err := s.State(context.Background()); err == nil {
				t.Fatal("State over a tampered log succeeded")
			}
		})
	}
}
