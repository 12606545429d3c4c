package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A watcher that stops reading while the others go on holds back neither
// the appends nor the others; once it reads again it gets every event
// once, in order: it fell out of the shared window, read by itself, and
// follows the feed again.
func TestSlowWatcherCatchesUp(t *testing.T) {
	defer stream.SetFanWindow(stream.SetFanWindow(16))
	s := openCount(t, newStore(t, stream.Config{}), "slow")
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	slow := make(chan fanWatched, 1024)
	ended := make(chan struct{})
	defer func() { cancel(); <-ended }()
	go func() {
		defer close(ended)
		for e, err := range s.Watch(ctx) {
			if slow <- (fanWatched{e, err}); err != nil {
				return
			}
			if e.Version == 1 {
				select { // stops reading
				case <-release:
				case <-ctx.Done():
				}
			}
		}
	}()
	waitFollowers(t, s, 1)
	fast := fanWatch(t, ctx, s)
	waitFollowers(t, s, 2)
	for range 50 {
		mustAppend(t, s, benchEvents(10)...)
	}
	for v := uint64(1); v <= 500; v++ { // while the slow one still holds version 1
		if w := nextWatched(t, fast); w.err != nil || w.e.Version != v {
			t.Fatalf("fast watcher: version %d, %v; want %d", w.e.Version, w.err, v)
		}
	}
	close(release)
	for round := range 2 {
		for v := uint64(1 + 500*round); v <= uint64(500+10*round); v++ {
			if w := nextWatched(t, slow); w.err != nil || w.e.Version != v {
				t.Fatalf("slow watcher: version %d, %v; want %d", w.e.Version, w.err, v)
			}
		}
		if round == 0 {
			mustAppend(t, s, benchEvents(10)...) // after the catch-up, through the feed again
		}
	}
	if n := stream.FanSubscribers(s); n != 2 {
		t.Fatalf("%d watchers follow the feed after the catch-up, want 2", n)
	}
}

// Watchers with other identities, access modes and filters, live on one
// stream at once, each get what a read of theirs gets.
func TestWatchersKeepTheirOwnSemantics(t *testing.T) {
	ring, rs := people(t, "alice", "bob")
	s := openCount(t, newStore(t, stream.Config{Keys: ring}), "family")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cases := []struct {
		name string
		opts []stream.ReadOption
		want []string // payloads, then "error" if it ends with ErrNoAccess
	}{
		{"stream keys", nil, []string{"c1", "s1", "c2"}},
		{"alice", []stream.ReadOption{stream.As("alice")}, []string{"c1", "n1", "s1", "c2"}},
		{"bob", []stream.ReadOption{stream.As("bob")}, []string{"c1", "s1", "c2"}},
		{"require access", []stream.ReadOption{stream.RequireAccess()}, []string{"c1", "error"}},
		{"claims", []stream.ReadOption{stream.Where([]string{"Claim"}, nil)}, []string{"c1", "c2"}},
	}
	outs := make([]chan fanWatched, len(cases))
	for i, c := range cases {
		outs[i] = fanWatch(t, ctx, s, c.opts...)
	}
	waitFollowers(t, s, len(cases))
	mustAppend(t, s, ev("Claim", "c1"))
	if _, err := s.Append(ctx, []sealstream.Event{ev("Note", "n1")}, stream.To(rs["alice"])); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, ev("Sub", "s1"), ev("Claim", "c2"))
	for i, c := range cases {
		for _, want := range c.want {
			w := nextWatched(t, outs[i])
			if want == "error" && !errors.Is(w.err, sealstream.ErrNoAccess) || want != "error" && (w.err != nil || string(w.e.Data) != want) {
				t.Fatalf("%s: yielded %q, %v; want %s", c.name, w.e.Data, w.err, want)
			}
		}
	}
}

// Filtered watchers open only the payloads they match, each once for all
// of them.
func TestFilteredWatchersDecryptOnlyMatches(t *testing.T) {
	const watchers, appends = 3, 10
	keys := &countingKeys{ring: keyset.NewMemory()}
	s := openCount(t, newStore(t, stream.Config{Keys: keys}), "claims")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outs := fanWatchN(t, ctx, s, watchers, stream.Where([]string{"Claim"}, nil))
	for i := range appends {
		mustAppend(t, s, ev("Sub", "s"), ev("Claim", "c"))
		for _, out := range outs {
			if w := nextWatched(t, out); w.err != nil || w.e.Version != uint64(2*i+2) {
				t.Fatalf("watcher yielded version %d, %v; want %d", w.e.Version, w.err, 2*i+2)
			}
		}
	}
	if n := keys.opened.Load(); n != appends {
		t.Fatalf("%d payloads decrypted, want the %d claims once each", n, appends)
	}
}

// A Forget made through another keyring ends the watchers following the
// shared feed with ErrShredded when they next open a payload: here the
// one an Append racing the Forget wrote but did not acknowledge.
func TestForgetEndsSharedWatchers(t *testing.T) {
	p := memPlace(t)
	s := openCount(t, p.store(t, stream.Config{}), "u")
	mustAppend(t, s, ev("T", "1"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outs := fanWatchN(t, ctx, s, 3)
	for _, out := range outs {
		if w := nextWatched(t, out); w.err != nil || w.e.Version != 1 {
			t.Fatalf("watcher yielded version %d, %v; want 1", w.e.Version, w.err)
		}
	}
	other := p.ring(t)
	p.BeforeAppend(func() { _ = other.Forget(ctx, "u") })
	defer p.BeforeAppend(nil)
	if _, err := s.Append(ctx, []sealstream.Event{ev("T", "2")}); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("Append racing a Forget = %v, want ErrShredded", err)
	}
	for i, out := range outs {
		if w := nextWatched(t, out); !errors.Is(w.err, sealstream.ErrShredded) {
			t.Fatalf("watcher %d after Forget elsewhere: version %d, %v; want ErrShredded", i, w.e.Version, w.err)
		}
	}
}
