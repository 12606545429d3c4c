package httpadapter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/codec"
)

// Append sends recs to be appended after version expect, all or nothing.
//
// When the answer is lost (the connection dropped, the server was killed
// or restarted, a gateway timed out), the outcome is unknown: the server
// may have stored the records. The adapter then reads the log back
// (resolve): if the records after expect are these very records (event
// IDs, prev hashes and payloads included), the append landed; if others
// are, it is a conflict; if nothing follows expect, nothing landed and the
// append is sent again. It keeps trying for up to RetryFor, so an append
// rides out a server restart. If ctx ends first it asks once more, and
// then fails with an error saying the outcome is unknown.
//
// Errors: [sealstream.ErrConflict] when the head is not expect;
// [sealstream.ErrTooLarge], [sealstream.ErrInvalidEvent] and
// [sealstream.ErrInvalidStreamID] for what the server refuses;
// [ErrNotFound] for a stream out of the token's scope, [ErrForbidden]
// for a token that may not write, [ErrUnauthorized]; ErrClosed after
// Close or Erase.
func (l *log) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if err := l.check(ctx, "append to"); err != nil {
		return err
	}
	l.sh.wmu.RLock() // an Erase waits for this append
	defer l.sh.wmu.RUnlock()
	if l.sh.erased {
		return fmt.Errorf("httpadapter: append to %q: %w", l.sh.id, sealstream.ErrClosed)
	}
	body := wire.AppendRequest{Records: make([]wire.Record, len(recs))}
	for i := range recs {
		if recs[i].Version != expect+uint64(i)+1 {
			return fmt.Errorf("httpadapter: append to %q: record %d has version %d, want %d: %w",
				l.sh.id, i, recs[i].Version, expect+uint64(i)+1, sealstream.ErrIntegrity)
		}
		body.Records[i] = wire.FromCodec(&recs[i])
	}
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("httpadapter: append to %q: %w", l.sh.id, err)
	}
	if err := l.post(ctx, expect, recs, b); err != nil {
		return fmt.Errorf("httpadapter: append to %q at version %d: %w", l.sh.id, expect, err)
	}
	l.sh.signal.Notify()
	return nil
}

// post sends the append until it lands, is refused, or its outcome stays
// unknown past RetryFor.
func (l *log) post(ctx context.Context, expect uint64, recs []codec.Record, body []byte) error {
	q := l.query(wire.Expect, strconv.FormatUint(expect, 10))
	deadline := time.Now().Add(l.a.c.o.RetryFor)
	send, resent := true, false
	for pause := 20 * time.Millisecond; ; pause = min(2*pause, time.Second) {
		var err error
		if send {
			err = l.postOnce(ctx, q, body)
			se, isStatus := statusOf(err)
			switch {
			case err == nil:
				return nil
			case isStatus && se.unhandled(): // nothing was done: send again
			case isStatus && se.status == http.StatusConflict && resent:
				// An earlier attempt, still in flight when it was
				// resolved as nothing, may have landed since.
				if l.resolve(ctx, expect, recs) == ours {
					return nil
				}
				return err
			case isStatus && !se.transient(), !isStatus && permanent(err): // refused, or never sent
				return err
			case ctx.Err() != nil:
				return l.unknown(ctx, expect, recs, err)
			}
		}
		switch l.resolve(ctx, expect, recs) {
		case ours:
			return nil
		case theirs:
			return fmt.Errorf("another append landed first: %w", sealstream.ErrConflict)
		case nothing:
			send, resent = true, true
		case unknown:
			send = false // learn the outcome first
		}
		if ctx.Err() != nil || time.Now().After(deadline) || !sleep(ctx, pause) {
			return l.unknown(ctx, expect, recs, cmp(err, ctx.Err()))
		}
	}
}

func (l *log) postOnce(ctx context.Context, q map[string][]string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, l.a.c.o.Timeout)
	defer cancel()
	resp, err := l.a.c.send(ctx, http.MethodPost, wire.PathRecords, q, body, nil)
	if err != nil {
		return err
	}
	drain(resp.Body)
	return nil
}

// unknown makes a last attempt to learn the outcome once ctx has ended or
// the retries are over, with at most Timeout; nil if the append landed.
func (l *log) unknown(ctx context.Context, expect uint64, recs []codec.Record, err error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.a.c.o.Timeout)
	defer cancel()
	switch l.resolve(ctx, expect, recs) {
	case ours:
		return nil
	case theirs:
		return fmt.Errorf("another append landed first: %w", sealstream.ErrConflict)
	case nothing:
		return err
	}
	return fmt.Errorf("outcome unknown, the records may still be stored: %w", err)
}

// outcome is what reading the log back says of an append whose answer was
// lost.
type outcome int

const (
	unknown outcome = iota // the server could not be asked
	nothing                // nothing follows the expected head
	ours                   // this append's records do
	theirs                 // other records do, or the log is shorter
)

// resolve reads the log after expect and compares it with recs. A batch
// lands whole or not at all, so all of recs there means it landed, and
// anything else there means another writer's did.
func (l *log) resolve(ctx context.Context, expect uint64, recs []codec.Record) outcome {
	h, err := l.head(ctx)
	switch {
	case err != nil:
		return unknown
	case h.Version == expect:
		return nothing
	case h.Version < expect+uint64(len(recs)) || len(recs) == 0:
		return theirs
	}
	i := 0
	for r, err := range l.Read(ctx, expect+1) {
		if err != nil {
			return unknown
		}
		if !r.Equal(recs[i]) {
			return theirs
		}
		if i++; i == len(recs) {
			return ours
		}
	}
	return unknown
}

// cmp returns err, or else alt.
func cmp(err, alt error) error {
	if err != nil {
		return err
	}
	if alt == nil {
		return errors.New("no answer")
	}
	return alt
}
