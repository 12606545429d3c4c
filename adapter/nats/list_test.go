package nats_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

func listAll(t *testing.T, a adapter.Adapter, prefix string) []string {
	t.Helper()
	var ids []string
	for id, err := range a.Streams(context.Background(), prefix) {
		if err != nil {
			t.Fatalf("Streams(%q): %v", prefix, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// Subjects under the prefix that no stream ID encodes to, published by
// something else, are not listed; IDs come in byte order.
func TestStreamsIgnoresForeignSubjects(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	a := openAdapter(t, s.ClientURL(), o)
	ids := []string{"b", "a", "\x00", "ab", "B", strings.Repeat("é", 200)}
	for _, id := range ids {
		mustAppend(t, openLog(t, a, id), 0, adaptertest.Records(id, 0, 1, nil))
	}
	nc, _ := rawJetStream(t, s.ClientURL())
	for _, tok := range []string{"lower", "01", "C5H", "W0"} { // not base32hex, or not canonical
		if err := nc.Publish(o.SubjectPrefix+"."+tok, []byte("foreign")); err != nil {
			t.Fatal(err)
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if got := listAll(t, a, ""); !slices.Equal(got, ids) {
		t.Fatalf("Streams = %q, want %q", got, ids)
	}
}
