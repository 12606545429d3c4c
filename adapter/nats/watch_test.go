package nats_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

func waitChanged(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("Changed() not signalled within 20s %s", what)
	}
}

// Appends through another connection (another process) fire Changed; the
// signal comes from the server, not from the local append path.
func TestWatchAcrossConnections(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	writer := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	watcher := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	recs := adaptertest.Records("s", 0, 5, nil)
	var last uint64
	for i := range recs {
		ch := watcher.Changed()
		last = drain(t, watcher, last)
		mustAppend(t, writer, uint64(i), recs[i:i+1])
		waitChanged(t, ch, "after an append on another connection")
	}
	if last = drain(t, watcher, last); last != 5 {
		t.Fatalf("watcher read up to %d, want 5", last)
	}
}

// drain reads l from last+1, checking contiguity, and returns the new last.
func drain(t *testing.T, l adapter.Log, last uint64) uint64 {
	t.Helper()
	for _, r := range readAll(t, l, last+1) {
		if r.Version != last+1 {
			t.Fatalf("read version %d after %d", r.Version, last)
		}
		last = r.Version
	}
	return last
}

// Acknowledged appends survive a server restart on the same store, and a
// watcher carries on afterwards: the client reconnects, the signal fires,
// and later appends by another connection are signalled and read with no
// gap or duplicate.
func TestServerRestart(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, -1)
	addr := s.ClientURL()
	o := freshOptions()
	writer := openLog(t, openAdapter(t, addr, o), "s")
	watcher := openLog(t, openAdapter(t, addr, o), "s")
	recs := adaptertest.Records("s", 0, 60, nil)
	mustAppend(t, writer, 0, recs[:50])
	last := drain(t, watcher, 0)

	ch := watcher.Changed()
	stopServer(s)
	s = startServer(t, dir, portOf(t, addr))
	waitChanged(t, ch, "after the server restarted")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := 50; i < 60; i++ {
		ch := watcher.Changed()
		if err := writer.Append(ctx, uint64(i), recs[i:i+1]); err != nil {
			t.Fatalf("append %d after restart: %v", i+1, err)
		}
		waitChanged(t, ch, "for an append after the restart")
		last = drain(t, watcher, last)
	}
	if last != 60 {
		t.Fatalf("watcher read up to %d, want 60", last)
	}
	fresh := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	sameRecords(t, readAll(t, fresh, 1), recs)
	if h := headOf(t, fresh); h.Version != 60 || !h.Last.Equal(recs[59]) {
		t.Fatalf("head after restart = %d, want 60", h.Version)
	}
}

// portOf returns the port of a nats:// URL.
func portOf(t *testing.T, raw string) int {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return p
}
