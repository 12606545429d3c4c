package nats_test

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/nats"
	"github.com/sealstream/sealstream/codec"
)

// A read served by a replica that lags the leader is completed from the
// leader up to the last sequence the adapter knew stored: its own appends,
// and what its watcher saw of other writers.
func TestLaggingReplicaRead(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	var cut atomic.Uint64
	cut.Store(^uint64(0))
	stale := func() uint64 { return cut.Load() }
	writer := openAdapter(t, s.ClientURL(), o)
	nats.SetStaleRead(writer, stale)
	other := openAdapter(t, s.ClientURL(), o)
	nats.SetStaleRead(other, stale)
	lw, lo := openLog(t, writer, "s"), openLog(t, other, "s")

	recs := adaptertest.Records("s", 0, 10, nil)
	mustAppend(t, lw, 0, recs[:5])
	cut.Store(headSeq(t, s.ClientURL(), o, "s"))
	mustAppend(t, lw, 5, recs[5:])
	sameRecords(t, readAll(t, lw, 1), recs)

	// The other adapter knows nothing of the last appends until its
	// watcher reports them; from then on its reads are complete too.
	sameRecords(t, readAll(t, lo, 1), recs[:5])
	ch := lo.Changed()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("watcher did not fire within 10s")
	}
	sameRecords(t, readAll(t, lo, 1), recs)
	sameRecords(t, readAll(t, lo, 7), recs[6:])
}

// headSeq returns the stream sequence of the last record of streamID.
func headSeq(t *testing.T, url string, o nats.Options, streamID string) uint64 {
	t.Helper()
	_, js := rawJetStream(t, url)
	st, err := js.Stream(context.Background(), o.Stream)
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := o.Subject(streamID)
	m, err := st.GetLastMsgForSubject(context.Background(), subject)
	if err != nil {
		t.Fatal(err)
	}
	return m.Sequence
}

// Reads from any version, on an adapter that has seen nothing of the
// stream and on one that has read it before, give the same records. The
// stream is interleaved with another, so versions and stream sequences
// differ.
func TestReadFromAnyVersion(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed: %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	w := openAdapter(t, s.ClientURL(), o)
	l, noise := openLog(t, w, "s"), openLog(t, w, "noise")
	var recs []codec.Record
	var prev []byte
	for i := uint64(0); len(recs) < 1000; i++ {
		n := 1 + rng.IntN(100)
		batch := adaptertest.Records("s", uint64(len(recs)), n, prev)
		mustAppend(t, l, uint64(len(recs)), batch)
		mustAppend(t, noise, i, adaptertest.Records("noise", i, 1, nil))
		recs = append(recs, batch...)
		prev = codec.Hash("s", &recs[len(recs)-1])
	}
	for range 20 {
		cold := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
		from := uint64(rng.IntN(len(recs) + 2))
		sameRecords(t, readAll(t, cold, from), recs[min(max(from, 1)-1, uint64(len(recs))):])
		from = uint64(rng.IntN(len(recs) + 2))
		sameRecords(t, readAll(t, l, from), recs[min(max(from, 1)-1, uint64(len(recs))):])
	}
}

// A message on a stream's subject that is not a record is ErrCorrupt; a
// record whose version breaks the sequence is ErrIntegrity.
func TestReadDamage(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	l := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	recs := adaptertest.Records("s", 0, 2, nil)
	mustAppend(t, l, 0, recs[:1])
	_, js := rawJetStream(t, s.ClientURL())
	subject, _ := o.Subject("s")
	ctx := context.Background()

	if _, err := js.Publish(ctx, subject, encode(t, adaptertest.Records("s", 4, 1, nil)[0])); err != nil {
		t.Fatal(err)
	}
	for _, err := range l.Read(ctx, 1) {
		if err != nil {
			wantErr(t, "read of a skipped version", err, sealstream.ErrIntegrity)
			break
		}
	}

	o2 := freshOptions()
	l2 := openLog(t, openAdapter(t, s.ClientURL(), o2), "s")
	subject2, _ := o2.Subject("s")
	if _, err := js.Publish(ctx, subject2, []byte("not a record"), jetstream.WithMsgID("x")); err != nil {
		t.Fatal(err)
	}
	var got error
	for _, err := range l2.Read(ctx, 1) {
		got = err
	}
	wantErr(t, "read of garbage", got, sealstream.ErrCorrupt)
	_, err := l2.Head(ctx)
	wantErr(t, "head on garbage", err, sealstream.ErrCorrupt)
}
