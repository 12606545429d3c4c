package nats_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/codec"
)

// TestLeaderFailover appends 1,000 times (every tenth a batch of three) to
// an R3 stream on a 3-node cluster and shuts the stream leader down after
// the 300th. Every acknowledged append must survive, versions must stay
// contiguous, and a watcher on another connection must see every version
// exactly once, in order, across the change of leader.
func TestLeaderFailover(t *testing.T) {
	const appends, killAt = 1000, 300
	servers := startCluster(t, 3)
	urls := make([]string, len(servers))
	for i, s := range servers {
		urls[i] = s.ClientURL()
	}
	url := strings.Join(urls, ",")
	o := freshOptions()
	o.Replicas = 3
	writer := openLog(t, openAdapter(t, url, o), "user-1")
	watcher := openLog(t, openAdapter(t, url, o), "user-1")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	seen := make(chan uint64, 1)
	watchErr := make(chan error, 1)
	go func() { watchErr <- watch(ctx, watcher, seen) }()

	var acked []codec.Record
	var prev []byte
	for i := 0; i < appends; {
		if i == killAt {
			leader := streamLeader(t, servers, o.Stream)
			t0 := time.Now()
			stopServer(leader)
			t.Logf("stream leader %s shut down after %d appends (%v)", leader.Name(), i, time.Since(t0))
		}
		n := 1
		if i%10 == 9 {
			n = 3
		}
		expect := uint64(len(acked))
		recs := adaptertest.Records("user-1", expect, n, prev)
		err := writer.Append(ctx, expect, recs)
		if err != nil {
			// The outcome of a failed append is unknown: find out.
			h, herr := writer.Head(ctx)
			if herr != nil {
				t.Fatalf("append %d failed (%v) and Head failed: %v", i, err, herr)
			}
			switch {
			case h.Version == expect:
				t.Logf("append %d failed, nothing landed, retrying: %v", i, err)
				continue
			case h.Version == expect+uint64(n) && h.Last.Equal(recs[n-1]):
				t.Logf("append %d failed but landed: %v", i, err)
			default:
				t.Fatalf("append %d at %d failed (%v), head is %d", i, expect, err, h.Version)
			}
		}
		acked = append(acked, recs...)
		prev = codec.Hash("user-1", &recs[n-1])
		i++
	}
	total := uint64(len(acked))
	t.Logf("appended %d versions", total)
	select {
	case seen <- total:
	case err := <-watchErr:
		t.Fatalf("watcher ended early: %v", err)
	}
	if err := <-watchErr; err != nil {
		t.Fatal(err)
	}

	// A fresh connection reads everything back from the surviving nodes.
	reader := openLog(t, openAdapter(t, url, o), "user-1")
	var got []codec.Record
	for r, err := range reader.Read(ctx, 1) {
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		got = append(got, r)
	}
	if uint64(len(got)) != total {
		t.Fatalf("read %d records, acknowledged %d", len(got), total)
	}
	for i := range got {
		if !got[i].Equal(acked[i]) {
			t.Fatalf("record %d = version %d %q, want version %d %q", i, got[i].Version, got[i].ID, acked[i].Version, acked[i].ID)
		}
	}
}

// watch follows l the way the stream package does: take the change
// channel, read from last+1 to the head, wait on the channel. It checks
// that versions arrive as last+1 each time, and returns once it has seen
// the total sent on done, or an error. Only the change signal wakes it, so
// a watcher that stops being signalled stalls, and each stall is bounded.
func watch(ctx context.Context, l adapter.Log, done <-chan uint64) error {
	var last, total uint64
	for {
		ch := l.Changed()
		for r, err := range l.Read(ctx, last+1) {
			if err != nil {
				return fmt.Errorf("watcher read from %d: %w", last+1, err)
			}
			if r.Version != last+1 {
				return fmt.Errorf("watcher got version %d after %d", r.Version, last)
			}
			last = r.Version
		}
		select {
		case total = <-done:
		default:
		}
		if total != 0 && last >= total {
			break
		}
		select {
		case <-ch:
		case <-time.After(30 * time.Second):
			return fmt.Errorf("watcher not signalled for 30s at version %d", last)
		case <-ctx.Done():
			return fmt.Errorf("watcher at version %d: %w", last, ctx.Err())
		}
	}
	if last != total {
		return fmt.Errorf("watcher saw %d versions, want %d", last, total)
	}
	return nil
}

func streamLeader(t *testing.T, servers []*server.Server, stream string) *server.Server {
	t.Helper()
	for _, s := range servers {
		if s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream) {
			return s
		}
	}
	t.Fatal(errors.New("no stream leader"))
	return nil
}
