package nats_test

import (
	"context"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// Erase purges the subject on the server: a raw JetStream client finds no
// message of it, and the other subjects keep theirs.
func TestErasePurgesSubject(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	a := openAdapter(t, s.ClientURL(), o)
	for _, id := range []string{"gone", "kept"} {
		mustAppend(t, openLog(t, a, id), 0, adaptertest.Records(id, 0, 3, nil))
	}
	if err := a.Erase(context.Background(), "gone"); err != nil {
		t.Fatalf("Erase: %v", err)
	}
	_, js := rawJetStream(t, s.ClientURL())
	st, err := js.Stream(context.Background(), o.Stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(context.Background(), jetstream.WithSubjectFilter(o.SubjectPrefix+".*"))
	if err != nil {
		t.Fatal(err)
	}
	gone, _ := o.Subject("gone")
	kept, _ := o.Subject("kept")
	if info.State.Subjects[gone] != 0 || info.State.Subjects[kept] != 3 {
		t.Fatalf("messages per subject after Erase = %v", info.State.Subjects)
	}
	// Another adapter, opened afresh, sees the stream empty.
	if h := headOf(t, openLog(t, openAdapter(t, s.ClientURL(), o), "gone")); h.Version != 0 {
		t.Fatalf("head after Erase = %d", h.Version)
	}
}

// On a JetStream stream that denies purges (made so by an operator, or by
// an earlier version of the adapter), Erase of a stream with messages
// fails and keeps them; Erase of one without messages is no error.
func TestEraseOnStreamDenyingPurges(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	_, js := rawJetStream(t, s.ClientURL())
	o := freshOptions()
	if _, err := js.CreateStream(context.Background(), jetstream.StreamConfig{
		Name: o.Stream, Subjects: []string{o.SubjectPrefix + ".*"}, Storage: jetstream.FileStorage,
		DenyDelete: true, DenyPurge: true, AllowDirect: true, AllowAtomicPublish: true,
	}); err != nil {
		t.Fatal(err)
	}
	a := openAdapter(t, s.ClientURL(), o)
	recs := adaptertest.Records("s", 0, 2, nil)
	mustAppend(t, openLog(t, a, "s"), 0, recs)
	if err := a.Erase(context.Background(), "s"); err == nil {
		t.Fatal("Erase on a stream denying purges: error = nil, want one")
	}
	sameRecords(t, readAll(t, openLog(t, a, "s"), 1), recs)
	if err := a.Erase(context.Background(), "never-appended"); err != nil {
		t.Fatalf("Erase of a stream without messages: %v", err)
	}
}
