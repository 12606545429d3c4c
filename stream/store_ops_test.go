package stream_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

func listed(t *testing.T, st *stream.Store, prefix string) []string {
	t.Helper()
	var ids []string
	for id, err := range st.Streams(context.Background(), prefix) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func TestStoreStreamsAndErase(t *testing.T) {
	ctx := context.Background()
	for name, p := range map[string]place{"mem": memPlace(t), "file": filePlace(t)} {
		t.Run(name, func(t *testing.T) {
			st := p.store(t, stream.Config{})
			for _, id := range []string{"alice/claims", "alice/moves", "bob/claims"} {
				s, err := stream.Open(ctx, st, id, fold.Count(), 0)
				if err != nil {
					t.Fatal(err)
				}
				mustAppend(t, s, ev("T", "x"))
				_ = s.Close()
			}
			if got := listed(t, st, "alice/"); !slices.Equal(got, []string{"alice/claims", "alice/moves"}) {
				t.Fatalf("Streams(alice/) = %v", got)
			}
			for range st.Streams(ctx, "") {
				break // an early break stops it
			}
			s := openCount(t, st, "alice/moves")
			if err := st.Erase(ctx, "alice/moves"); !errors.Is(err, sealstream.ErrInUse) {
				t.Fatalf("Erase of an open stream = %v, want ErrInUse", err)
			}
			_ = s.Close()
			if err := st.Erase(ctx, "alice/moves"); err != nil {
				t.Fatal(err)
			}
			if got := listed(t, st, ""); !slices.Equal(got, []string{"alice/claims", "bob/claims"}) {
				t.Fatalf("Streams after Erase = %v", got)
			}
			if err := st.Erase(ctx, "nobody"); err != nil {
				t.Fatalf("Erase of a missing stream = %v", err)
			}
			again := openCount(t, st, "alice/moves")
			if m, err := again.Metrics(ctx); err != nil || m.Version != 0 {
				t.Fatalf("an erased stream reopens with %+v, %v; want it empty", m, err)
			}
			if _, err := again.Append(ctx, []sealstream.Event{ev("T", "x")}); !errors.Is(err, sealstream.ErrShredded) {
				t.Fatalf("Append to an erased stream ID = %v, want ErrShredded: its keys stay destroyed", err)
			}
			_ = st.Close()
			for _, err := range st.Streams(ctx, "") {
				if !errors.Is(err, sealstream.ErrClosed) {
					t.Fatalf("Streams after Close = %v", err)
				}
			}
		})
	}
}
