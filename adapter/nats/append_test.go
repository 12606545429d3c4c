package nats_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/nats"
	"github.com/sealstream/sealstream/codec"
)

// A handle whose cached head is stale (another connection appended since)
// must have its whole batch refused by the server's expected-last-subject-
// sequence check, not just the first message.
func TestStaleBatchRefusedWhole(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	la := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	lb := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	recs := adaptertest.Records("s", 0, 2, nil)
	mustAppend(t, la, 0, recs[:1])
	if h := headOf(t, lb); h.Version != 1 {
		t.Fatalf("b sees head %d, want 1", h.Version)
	}
	mustAppend(t, la, 1, recs[1:])
	batch := adaptertest.Records("s", 1, 5, codec.Hash("s", &recs[0]))
	wantErr(t, "stale batch", lb.Append(context.Background(), 1, batch), sealstream.ErrConflict)
	sameRecords(t, readAll(t, lb, 1), recs)
}

// A writer that dies in the middle of an atomic batch leaves nothing
// visible, and the next append goes through.
func TestUncommittedBatchInvisible(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	l := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	subject, err := o.Subject("s")
	if err != nil {
		t.Fatal(err)
	}
	nc, _ := rawJetStream(t, s.ClientURL())
	for i, r := range adaptertest.Records("s", 0, 2, nil) {
		m := natsgo.NewMsg(subject)
		m.Data = encode(t, r)
		m.Header.Set("Nats-Batch-Id", "died-midway")
		m.Header.Set("Nats-Batch-Sequence", fmt.Sprint(i+1))
		if err := nc.PublishMsg(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, l, 1); len(got) != 0 {
		t.Fatalf("uncommitted batch visible: %d records", len(got))
	}
	recs := adaptertest.Records("s", 0, 1, nil)
	mustAppend(t, l, 0, recs)
	sameRecords(t, readAll(t, l, 1), recs)
}

// A batch whose middle record the server refuses (an operator lowered the
// stream's message size after the adapter opened) stores nothing, and
// later appends go through.
func TestRefusedMidBatchStoresNothing(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	l := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	first := adaptertest.Records("s", 0, 1, nil)
	mustAppend(t, l, 0, first)
	_, js := rawJetStream(t, s.ClientURL())
	ctx := context.Background()
	st, err := js.Stream(ctx, o.Stream)
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	cfg.MaxMsgSize = 2048
	if _, err := js.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	batch := adaptertest.Records("s", 1, 3, codec.Hash("s", &first[0]))
	batch[1].Payload = make([]byte, 4096)
	err = l.Append(ctx, 1, batch)
	if err == nil {
		t.Fatal("append of a batch with a refused record: error = nil")
	}
	t.Logf("refused batch: %v", err)
	sameRecords(t, readAll(t, l, 1), first)
	batch[1].Payload = []byte("small")
	mustAppend(t, l, 1, batch)
	sameRecords(t, readAll(t, l, 1), append(first, batch...))
}

// When the acknowledgement of a publish that landed is lost, Append asks
// the leader, finds its own message ID after the expected head, and
// reports success: the records are stored exactly once.
func TestLostAcknowledgement(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	a := openAdapter(t, s.ClientURL(), freshOptions())
	var drop atomic.Int32
	nats.SetLostAck(a, func() bool { return drop.CompareAndSwap(1, 0) })
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d records", n), func(t *testing.T) {
			id := fmt.Sprintf("lost-%d", n)
			l := openLog(t, a, id)
			first := adaptertest.Records(id, 0, 1, nil)
			mustAppend(t, l, 0, first)
			drop.Store(1)
			recs := adaptertest.Records(id, 1, n, codec.Hash(id, &first[0]))
			mustAppend(t, l, 1, recs)
			if drop.Load() != 0 {
				t.Fatal("no acknowledgement was dropped")
			}
			sameRecords(t, readAll(t, l, 1), append(first, recs...))
		})
	}
}

// Every stored record carries a Nats-Msg-Id, and the stream deduplicates
// on it: a publish repeated with the same ID is acknowledged as a
// duplicate and stores nothing.
func TestMessageIDDedupe(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	l := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	recs := adaptertest.Records("s", 0, 1, nil)
	mustAppend(t, l, 0, recs)

	_, js := rawJetStream(t, s.ClientURL())
	ctx := context.Background()
	st, err := js.Stream(ctx, o.Stream)
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := o.Subject("s")
	stored, err := st.GetLastMsgForSubject(ctx, subject)
	if err != nil {
		t.Fatal(err)
	}
	id := stored.Header.Get(jetstream.MsgIDHeader)
	if id == "" {
		t.Fatal("stored record has no Nats-Msg-Id")
	}
	ack, err := js.Publish(ctx, subject, stored.Data, jetstream.WithMsgID(id))
	if err != nil {
		t.Fatal(err)
	}
	if !ack.Duplicate || ack.Sequence != stored.Sequence {
		t.Fatalf("repeated publish: ack %+v, want duplicate of sequence %d", ack, stored.Sequence)
	}
	sameRecords(t, readAll(t, l, 1), recs)
}

// Head reports the encoded size of all records, whoever appended them.
func TestHeadBytes(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	la := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	lb := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	recs := adaptertest.Records("s", 0, 7, nil)
	var want int64
	for i, r := range recs {
		l := la
		if i%2 == 1 {
			l = lb
		}
		mustAppend(t, l, uint64(i), recs[i:i+1])
		want += int64(len(encode(t, r)))
	}
	if h := headOf(t, la); h.Bytes != want || h.Version != 7 || !h.Last.Equal(recs[6]) {
		t.Fatalf("Head() = version %d, %d bytes; want 7, %d bytes", h.Version, h.Bytes, want)
	}
}

// Records numbered other than expect+1, expect+2, … are refused.
func TestAppendChecksVersions(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	l := openLog(t, openAdapter(t, s.ClientURL(), freshOptions()), "s")
	recs := adaptertest.Records("s", 1, 2, nil) // versions 2 and 3
	wantErr(t, "misnumbered append", l.Append(context.Background(), 0, recs), sealstream.ErrIntegrity)
	if h := headOf(t, l); h.Version != 0 {
		t.Fatalf("head %d after refused append", h.Version)
	}
}
