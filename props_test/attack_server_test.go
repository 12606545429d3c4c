package props_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// server is a hostile storage server: for any stream it serves the records
// an attacker stored, whatever their versions, and takes no append.
type server []codec.Record

func (s server) Open(context.Context, string) (adapter.Log, error) { return s, nil }
func (s server) Close() error                                      { return nil }
func (s server) Streams(context.Context, string) iter.Seq2[string, error] {
	return func(func(string, error) bool) {}
}
func (s server) Erase(context.Context, string) error                  { return errors.ErrUnsupported }
func (s server) Changed() <-chan struct{}                             { return make(chan struct{}) }
func (s server) Append(context.Context, uint64, []codec.Record) error { return sealstream.ErrConflict }
func (s server) Head(context.Context) (adapter.Head, error) {
	if len(s) == 0 {
		return adapter.Head{}, nil
	}
	return adapter.Head{Version: s[len(s)-1].Version, Last: s[len(s)-1]}, nil
}
func (s server) Read(_ context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		for _, r := range s[min(int(max(from, 1))-1, len(s)):] {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// seen is what a read path returned: its events (summaries) or state, and
// the sentinel its error matched ("<nil>" for none).
type seen struct {
	events []event
	err    string
}

func see(events []sealstream.Event, err error) seen {
	o := seen{err: fmt.Sprint("unnamed: ", err)}
	for _, s := range []error{nil, sealstream.ErrIntegrity, sealstream.ErrDecrypt, sealstream.ErrCorrupt,
		sealstream.ErrFormat, sealstream.ErrNoKey, sealstream.ErrNoAccess} {
		if errors.Is(err, s) {
			o.err = fmt.Sprint(s)
			break
		}
	}
	for _, e := range events {
		o.events = append(o.events, summary(e))
	}
	return o
}

// caught reports whether o, on path p, is an attack caught: a named
// failure after genuine events only (a prefix of those of before). Never
// ErrNoAccess, which SkipUnreadable skips; ErrNoKey only on alice's device
// (path 4), which holds no stream key to check "all" events with.
func caught(o, before seen, p int) bool {
	named := []error{sealstream.ErrIntegrity, sealstream.ErrDecrypt, sealstream.ErrCorrupt, sealstream.ErrFormat}
	if p == 4 {
		named = append(named, sealstream.ErrNoKey)
	}
	return slices.ContainsFunc(named, func(e error) bool { return e.Error() == o.err }) &&
		len(o.events) <= len(before.events) && slices.Equal(o.events, before.events[:len(o.events)])
}

func cloneRecords(recs []codec.Record) []codec.Record {
	out := slices.Clone(recs)
	for i, r := range out {
		out[i].Metadata, out[i].Prev, out[i].Payload = maps.Clone(r.Metadata), slices.Clone(r.Prev), slices.Clone(r.Payload)
	}
	return out
}

// must returns v, panicking on an error no input of the test can cause.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// planned is an event of a generated stream; Mode 0 is "all", 1 sealed to
// alice, 2 to alice and bob, 3 to bob.
type planned struct{ Type, Policy, Mode int }

// mutation is an edit a keyless attacker makes to record At (modulo the
// stream's length): Kind indexes the edits of lab.mutate, Pos picks a
// byte, a bit or an amount.
type mutation struct{ Kind, At, Pos int }

var attackTypes = []string{"Filed", "Paid", "Moved"}
