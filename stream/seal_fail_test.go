package stream_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// gatedAEAD holds its first Encrypt until gate closes (so that later calls
// queue into one batch) and fails to seal the payload "fail".
type gatedAEAD struct {
	once     sync.Once
	gate, in chan struct{}
}

func (a *gatedAEAD) Encrypt(pt, _ []byte) ([]byte, error) {
	a.once.Do(func() { close(a.in); <-a.gate })
	if string(pt) == "fail" {
		return nil, errors.New("key service unavailable")
	}
	return append([]byte{}, pt...), nil
}

func (a *gatedAEAD) Decrypt(ct, _ []byte) ([]byte, error) { return ct, nil }

type gatedKeys struct{ a *gatedAEAD }

func (k gatedKeys) StreamAEAD(context.Context, string) (tink.AEAD, error) { return k.a, nil }

func (k gatedKeys) LoadStreamAEAD(context.Context, string) (tink.AEAD, error) { return k.a, nil }

// A call whose events fail to seal fails alone: the calls batched with it
// still land, and none is left waiting.
func TestSealFailureFailsOnlyItsCall(t *testing.T) {
	a := &gatedAEAD{gate: make(chan struct{}), in: make(chan struct{})}
	s := openCount(t, newStore(t, stream.Config{Keys: gatedKeys{a}}), "s")
	ctx := context.Background()
	first := make(chan error, 1)
	go func() { _, err := s.Append(ctx, []sealstream.Event{ev("T", "first")}); first <- err }()
	<-a.in // the first leader is sealing: the next calls queue up together
	failed, innocent := make(chan error, 1), make(chan error, 1)
	go func() { _, err := s.Append(ctx, []sealstream.Event{ev("T", "fail")}); failed <- err }()
	go func() { _, err := s.Append(ctx, []sealstream.Event{ev("T", "innocent")}); innocent <- err }()
	time.Sleep(20 * time.Millisecond) // let both queue; the test holds either way
	close(a.gate)
	for name, ch := range map[string]chan error{"first": first, "failing": failed, "innocent": innocent} {
		select {
		case err := <-ch:
			if (name == "failing") != (err != nil) {
				t.Errorf("%s call returned %v", name, err)
			}
		case <-time.After(10 * time.Second): // a hang guard
			t.Fatalf("%s call never returned", name)
		}
	}
	if n, err := s.State(ctx); err != nil || n != 2 {
		t.Fatalf("State = %d, %v; want the 2 calls that sealed", n, err)
	}
}
