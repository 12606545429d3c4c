package nats

import (
	"context"
	"errors"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// JetStream API error codes the adapter acts on.
const (
	codeNotFound          = 10037 // no message matches a get
	codeMsgTooBig         = 10054 // message over the stream's or server's size limit
	codeWrongLastSeq      = 10071 // Nats-Expected-Last-Subject-Sequence mismatch
	codeWrongLastSeqR     = 10164 // the same, on a replicated stream
	codeClusterNotAvail   = 10008 // no meta leader
	codeBatchIncomplete   = 10176 // batch abandoned, e.g. by a leader change
	codeBatchTooLarge     = 10199 // more messages than the atomic batch limit
	codeBatchDuplicate    = 10201 // batch holds a Nats-Msg-Id already stored
	codeBatchTooManyAtOne = 10210 // too many atomic batches in flight
)

// maxIncomplete is how many times Append sends a batch the server
// abandons before giving up.
const maxIncomplete = 3

// isCode reports whether err is a JetStream API error with the given code.
func isCode(err error, code jetstream.ErrorCode) bool {
	var api *jetstream.APIError
	return errors.As(err, &api) && api.ErrorCode == code
}

// kind is how Append reacts to an error.
type kind int

const (
	permanent kind = iota // give up and report it
	transient             // outcome unknown or server busy: resolve and retry
	mismatch              // the expected head or the message ID was refused
	tooLarge              // a record or the batch is over a server limit
	closed                // the connection is closed
)

// classify sorts a publish or request error.
func classify(err error) kind {
	var api *jetstream.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode {
		case codeWrongLastSeq, codeWrongLastSeqR:
			return mismatch
		case codeMsgTooBig, codeBatchTooLarge:
			return tooLarge
		case codeBatchIncomplete, codeBatchTooManyAtOne, codeClusterNotAvail:
			return transient
		}
		if api.Code == 503 || api.Code == 408 {
			return transient
		}
		return permanent
	}
	switch {
	case errors.Is(err, natsgo.ErrMaxPayload):
		return tooLarge
	case errors.Is(err, natsgo.ErrConnectionClosed):
		return closed
	case errors.Is(err, natsgo.ErrTimeout),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, context.Canceled),
		errors.Is(err, natsgo.ErrNoResponders),
		errors.Is(err, jetstream.ErrNoStreamResponse),
		errors.Is(err, natsgo.ErrConnectionReconnecting),
		errors.Is(err, natsgo.ErrConnectionDraining):
		return transient
	}
	return permanent
}

// retry runs op, an idempotent request, until it succeeds, fails for good,
// the context ends or RetryFor has passed. Each attempt gets Timeout.
func (a *Adapter) retry(ctx context.Context, op func(ctx context.Context) error) error {
	deadline := time.Now().Add(a.o.RetryFor)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		actx, cancel := context.WithTimeout(ctx, a.o.Timeout)
		err := op(actx)
		cancel()
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case classify(err) != transient || time.Now().After(deadline):
			return err
		}
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
	}
}

// sleep waits for d or the end of ctx; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
