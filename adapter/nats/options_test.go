package nats_test

import (
	"context"
	"slices"
	"testing"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/nats"
)

// Open and Options.Open fit the stream package's Opener.
var (
	_ func(context.Context, string) (adapter.Adapter, error) = nats.Open
	_ func(context.Context, string) (adapter.Adapter, error) = nats.Options{Replicas: 3}.Open
)

func TestInvalidOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    nats.Options
	}{
		{"stream name with a dot", nats.Options{Stream: "a.b"}},
		{"stream name with a space", nats.Options{Stream: "a b"}},
		{"prefix with a wildcard", nats.Options{SubjectPrefix: "a.*"}},
		{"prefix with an empty token", nats.Options{SubjectPrefix: "a..b"}},
		{"prefix that is a wildcard", nats.Options{SubjectPrefix: ">"}},
		{"seven replicas", nats.Options{Replicas: 7}},
		{"negative timeout", nats.Options{Timeout: -time.Second}},
		{"heartbeat too short", nats.Options{WatchHeartbeat: time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tc.o.Open(context.Background(), "nats://127.0.0.1:1")
			if err == nil {
				_ = a.Close()
				t.Fatalf("Open with %+v: error = nil, want one", tc.o)
			}
		})
	}
}

func TestUnsupportedURL(t *testing.T) {
	for _, u := range []string{"postgres://db/x", "file:///tmp/x", "mem://", "nats://a:4222,http://b"} {
		_, err := nats.Open(context.Background(), u)
		wantErr(t, "Open("+u+")", err, sealstream.ErrUnsupportedURL)
	}
}

// An existing stream is reused: features the adapter needs are turned on,
// purges are left allowed, records appended before are there; memory
// storage is refused.
func TestExistingStream(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	_, js := rawJetStream(t, s.ClientURL())
	ctx := context.Background()
	o := freshOptions()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name: o.Stream, Subjects: []string{"other.>"}, Storage: jetstream.FileStorage,
	}); err != nil {
		t.Fatal(err)
	}
	a := openAdapter(t, s.ClientURL(), o)
	st, err := js.Stream(ctx, o.Stream)
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	if !cfg.AllowDirect || !cfg.AllowAtomicPublish || !cfg.DenyDelete || cfg.DenyPurge || !slices.Contains(cfg.Subjects, o.SubjectPrefix+".*") ||
		!slices.Contains(cfg.Subjects, "other.>") {
		t.Fatalf("stream config after Open: direct %v, atomic %v, deny delete %v, deny purge %v, subjects %v",
			cfg.AllowDirect, cfg.AllowAtomicPublish, cfg.DenyDelete, cfg.DenyPurge, cfg.Subjects)
	}
	recs := adaptertest.Records("s", 0, 2, nil)
	mustAppend(t, openLog(t, a, "s"), 0, recs)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	sameRecords(t, readAll(t, openLog(t, openAdapter(t, s.ClientURL(), o), "s"), 1), recs)

	mem := freshOptions()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name: mem.Stream, Subjects: []string{mem.SubjectPrefix + ".*"}, Storage: jetstream.MemoryStorage,
	}); err != nil {
		t.Fatal(err)
	}
	if a, err := mem.Open(ctx, s.ClientURL()); err == nil {
		_ = a.Close()
		t.Fatal("Open on a memory-storage stream: error = nil, want one")
	}

	for name, cfg := range map[string]jetstream.StreamConfig{
		"an age limit":               {MaxAge: time.Hour},
		"a count limit dropping old": {MaxMsgs: 10, Discard: jetstream.DiscardOld},
		"a per-subject limit":        {MaxMsgsPerSubject: 5},
	} {
		o := freshOptions()
		cfg.Name, cfg.Subjects, cfg.Storage = o.Stream, []string{o.SubjectPrefix + ".*"}, jetstream.FileStorage
		if _, err := js.CreateStream(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		if a, err := o.Open(ctx, s.ClientURL()); err == nil {
			_ = a.Close()
			t.Fatalf("Open on a stream with %s: error = nil, want one", name)
		}
	}
}

// The stream the adapter creates stores files, fsync'd by the server,
// replicated as asked, and refuses deletes; it allows purges, for Erase.
func TestCreatedStream(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	openAdapter(t, s.ClientURL(), o)
	_, js := rawJetStream(t, s.ClientURL())
	st, err := js.Stream(context.Background(), o.Stream)
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	if cfg.Storage != jetstream.FileStorage || cfg.Replicas != 1 || !cfg.DenyDelete || cfg.DenyPurge ||
		cfg.Discard != jetstream.DiscardNew || cfg.MaxAge != 0 || cfg.MaxMsgs != -1 || cfg.MaxBytes != -1 {
		t.Fatalf("created stream config %+v", cfg)
	}
	r3 := freshOptions()
	r3.Replicas = 3
	if a, err := r3.Open(context.Background(), s.ClientURL()); err == nil {
		_ = a.Close()
		t.Fatal("R3 stream on a single server: error = nil, want one")
	}
}

// New uses the caller's connection and leaves it open on Close.
func TestNewKeepsConnection(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	nc, err := natsgo.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	a, err := nats.New(context.Background(), nc, freshOptions())
	if err != nil {
		t.Fatal(err)
	}
	l := openLog(t, a, "s")
	mustAppend(t, l, 0, adaptertest.Records("s", 0, 1, nil))
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !nc.IsConnected() {
		t.Fatal("connection closed by the adapter's Close")
	}
	_, err = l.Head(context.Background())
	wantErr(t, "Head after adapter Close", err, sealstream.ErrClosed)
}

// When the caller closes the connection under an adapter from New, every
// call fails with ErrClosed.
func TestConnectionClosedUnderneath(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	nc, err := natsgo.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	a, err := nats.New(context.Background(), nc, freshOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	l := openLog(t, a, "s")
	nc.Close()
	ctx := context.Background()
	wantErr(t, "Append", l.Append(ctx, 0, adaptertest.Records("s", 0, 1, nil)), sealstream.ErrClosed)
	_, err = l.Head(ctx)
	wantErr(t, "Head", err, sealstream.ErrClosed)
	var readErr error
	for _, err := range l.Read(ctx, 1) {
		readErr = err
	}
	wantErr(t, "Read", readErr, sealstream.ErrClosed)
}
