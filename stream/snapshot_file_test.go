package stream_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/stream"
)

// On a file store the snapshot log is a file of its own (its ID is not a
// plain file name, so the adapter hashes it): snapshots survive a restart,
// listing hides them and Erase removes them.
func TestSnapshotFileStore(t *testing.T) {
	ctx := context.Background()
	raw, err := file.Open(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	l := newSnapLabOn(t, stream.Config{}, raw)
	st := l.store()
	s := l.open(st, "u", "sum")
	n := snapFill(t, s, 35, 2)
	snapWant(t, s, n)
	_ = st.Close()
	st = l.store()
	s = l.open(st, "u", "sum")
	l.fromSnapshot(s, n, 5)
	var all, listed []string
	for id, err := range raw.Streams(ctx, "") {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, id)
	}
	for id, err := range st.Streams(ctx, "") {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, id)
	}
	if !slices.Contains(all, stream.SnapshotLogID("u", "sum")) || !slices.Equal(listed, []string{"u"}) {
		t.Fatalf("the directory holds %v; Streams listed %v, want [u]", all, listed)
	}
	_ = s.Close()
	if err := st.Erase(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	for id, err := range raw.Streams(ctx, "") {
		if err != nil || id != "" {
			t.Fatalf("after Erase the directory lists %q, %v", id, err)
		}
	}
}
