package stream_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// fileWithTwoEvents returns a file place whose stream "u" holds two
// events, and the stream file's path.
func fileWithTwoEvents(t *testing.T) (place, string) {
	p := filePlace(t)
	st := p.store(t, stream.Config{})
	s := openCount(t, st, "u")
	mustAppend(t, s, ev("T", "1"))
	mustAppend(t, s, ev("T", "2"))
	m, err := s.Metrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	return p, m.File
}

// A torn tail (an incomplete last line) is cut and reported through
// Config.OnRecover and Metrics.
func TestTornTailIsReported(t *testing.T) {
	p, path := fileWithTwoEvents(t)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"v":3,"torn`); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	var cuts []adapter.Recovery
	st := p.store(t, stream.Config{OnRecover: func(r adapter.Recovery) { cuts = append(cuts, r) }})
	s := openCount(t, st, "u")
	if len(cuts) != 1 || cuts[0].Stream != "u" || cuts[0].Bytes == 0 {
		t.Fatalf("OnRecover saw %+v, want one cut of stream u", cuts)
	}
	m, err := s.Metrics(context.Background())
	if err != nil || m.Recovered != 1 || m.Version != 2 {
		t.Fatalf("Metrics = %+v, %v; want Recovered 1 at version 2", m, err)
	}
}

// One flipped bit in the last, complete line is damage: ErrCorrupt naming
// the stream, version and offset, and nothing is cut.
func TestFlippedBitInLastLineIsCorrupt(t *testing.T) {
	p, path := fileWithTwoEvents(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-10] ^= 0x04
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var cuts []adapter.Recovery
	st := p.store(t, stream.Config{OnRecover: func(r adapter.Recovery) { cuts = append(cuts, r) }})
	_, err = stream.Open(context.Background(), st, "u", fold.Count(), 0)
	if !errors.Is(err, sealstream.ErrCorrupt) {
		t.Fatalf("Open after a bit flip in the last line = %v, want ErrCorrupt", err)
	}
	msg := err.Error()
	if strings.Count(msg, `stream "u"`) != 1 || !strings.Contains(msg, "record 2 at offset") {
		t.Errorf("message %q should name the stream once, record (version) 2 and its offset", msg)
	}
	if len(cuts) != 0 {
		t.Errorf("damage was cut: %+v", cuts)
	}
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("the damaged file was changed")
	}
}
