package nats_test

import (
	"context"
	"fmt"
	"testing"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/nats"
)

// A feed read served by a replica that lags the leader does not end at
// what the replica holds: it goes on to the leader's last sequence.
func TestFeedLaggingReplica(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	writer := openAdapter(t, s.ClientURL(), o)
	l := openLog(t, writer, "s")
	mustAppend(t, l, 0, adaptertest.Records("s", 0, 3, nil))
	cut := headSeq(t, s.ClientURL(), o, "s")
	mustAppend(t, l, 3, adaptertest.Records("s", 3, 2, nil))
	mustAppend(t, openLog(t, writer, "t"), 0, adaptertest.Records("t", 0, 1, nil))

	reader := openAdapter(t, s.ClientURL(), o)
	nats.SetStaleRead(reader, func() uint64 { return cut })
	got := adaptertest.Changes(t, reader.(adapter.Feed), 0)
	want := []batch{{"s", 1, 3}, {"s", 4, 5}, {"t", 1, 1}}
	if fmt.Sprint(batchesOf(got)) != fmt.Sprint(want) {
		t.Fatalf("Changes(0) from a lagging replica = %v, want %v", batchesOf(got), want)
	}
}

// A batch cut by the end of a direct get page is still one change, and a
// read from inside it gives the rest of it.
func TestFeedBatchAcrossPages(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	a := openAdapter(t, s.ClientURL(), o)
	l := openLog(t, a, "s")
	var want []batch
	for head := uint64(0); head < 2400; head += 600 {
		mustAppend(t, l, head, adaptertest.Records("s", head, 600, nil))
		want = append(want, batch{"s", head + 1, head + 600})
	}
	f := a.(adapter.Feed)
	got := adaptertest.Changes(t, f, 0)
	if fmt.Sprint(batchesOf(got)) != fmt.Sprint(want) {
		t.Fatalf("Changes(0) = %v, want %v", batchesOf(got), want)
	}
	rest := adaptertest.Changes(t, f, got[1].Position-100)
	if w := append([]batch{{"s", 1101, 1200}}, want[2:]...); fmt.Sprint(batchesOf(rest)) != fmt.Sprint(w) {
		t.Fatalf("Changes from inside a batch = %v, want %v", batchesOf(rest), w)
	}
}

// Messages under the prefix on subjects that encode no stream ID are not
// changes; records written without this adapter's message IDs are one
// change each, of the stream whose subject they are on whatever headers
// they carry; a message on a stream's subject that is no record is
// ErrCorrupt, after the changes before it.
func TestFeedForeignMessages(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	a := openAdapter(t, s.ClientURL(), o)
	mustAppend(t, openLog(t, a, "s"), 0, adaptertest.Records("s", 0, 2, nil))
	_, js := rawJetStream(t, s.ClientURL())
	subject, _ := o.Subject("s")
	ctx := context.Background()
	spoof, _ := o.Subject("other")
	publish := func(subject string, data []byte) {
		t.Helper()
		m := natsgo.NewMsg(subject)
		m.Data = data
		m.Header.Set(jetstream.SubjectHeader, spoof) // the server's header comes last
		if _, err := js.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	publish(o.SubjectPrefix+".x", []byte("not a stream"))
	for _, r := range adaptertest.Records("s", 2, 2, nil) {
		publish(subject, encode(t, r))
	}
	f := a.(adapter.Feed)
	want := []batch{{"s", 1, 2}, {"s", 3, 3}, {"s", 4, 4}}
	if got := batchesOf(adaptertest.Changes(t, f, 0)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Changes(0) = %v, want %v", got, want)
	}
	publish(subject, []byte("not a record"))
	var got []batch
	var last error
	for c, err := range f.Changes(ctx, 0) {
		if last = err; err == nil {
			got = append(got, batch{c.Stream, c.From, c.To})
		}
	}
	wantErr(t, "Changes over a message that is no record", last, sealstream.ErrCorrupt)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("changes before the damage = %v, want %v", got, want)
	}
}
