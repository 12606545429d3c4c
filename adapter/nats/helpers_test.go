package nats_test

import (
	"context"
	"errors"
	"testing"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

func readAll(t testing.TB, l adapter.Log, from uint64) []codec.Record {
	t.Helper()
	var out []codec.Record
	for r, err := range l.Read(context.Background(), from) {
		if err != nil {
			t.Fatalf("Read(%d): %v", from, err)
		}
		out = append(out, r)
	}
	return out
}

func mustAppend(t testing.TB, l adapter.Log, expect uint64, recs []codec.Record) {
	t.Helper()
	if err := l.Append(context.Background(), expect, recs); err != nil {
		t.Fatalf("Append(%d, %d records): %v", expect, len(recs), err)
	}
}

func sameRecords(t testing.TB, got, want []codec.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("record %d = version %d %q, want version %d %q",
				i, got[i].Version, got[i].ID, want[i].Version, want[i].ID)
		}
	}
}

func wantErr(t testing.TB, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: error = %v, want %v", what, err, want)
	}
}

func headOf(t testing.TB, l adapter.Log) adapter.Head {
	t.Helper()
	h, err := l.Head(context.Background())
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	return h
}

// rawJetStream connects a plain JetStream client to url, closed at cleanup.
func rawJetStream(t testing.TB, url string) (*natsgo.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := natsgo.Connect(url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

func encode(t testing.TB, r codec.Record) []byte {
	t.Helper()
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
