package nats

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
)

// codePurgeFailed is the JetStream API error of a refused purge, which a
// stream with deny_purge set answers.
const codePurgeFailed = 10110

// Erase purges the stream's subject: every message of it is removed from
// the JetStream stream, irreversibly. Logs of the stream open in this
// adapter are closed first, after an append in flight through them ends:
// later calls on them return [sealstream.ErrClosed]. A stream without
// messages is no error.
//
// This is the one purge the adapter makes, and the reason the stream it
// creates allows purges (deny_purge off; deletes of single messages stay
// denied): restrict $JS.API.STREAM.PURGE.<stream> to the adapter's user
// with NATS permissions so that nothing else can purge. On a stream that
// denies purges, which JetStream cannot undo on an existing stream, Erase
// of a stream with messages fails. Another adapter with the stream open
// must open it again: what it remembers of the subject is stale.
func (a *Adapter) Erase(ctx context.Context, streamID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	subject, err := subjectFor(a.o.SubjectPrefix, streamID)
	if err != nil {
		return err
	}
	sh, err := a.takeShared(subject)
	if err != nil {
		return fmt.Errorf("nats: erase %q: %w", streamID, err)
	}
	if sh != nil {
		sh.inFlight.Lock() // waits for the appends in flight through its logs
		sh.inFlight.Unlock()
		sh.signal.Notify()
	}
	err = a.retry(ctx, func(ctx context.Context) error { return a.purge(ctx, subject) })
	if isCode(err, codePurgeFailed) {
		if m, gerr := a.leaderGet(ctx, msgGet{LastFor: subject}); gerr == nil && m == nil {
			return nil // nothing to purge
		}
		return fmt.Errorf("nats: erase %q: JetStream stream %s refuses purges (deny_purge): %w", streamID, a.o.Stream, err)
	}
	if err != nil {
		if classify(err) == closed || a.isClosed() {
			return fmt.Errorf("nats: erase %q: %w: %w", streamID, sealstream.ErrClosed, err)
		}
		return fmt.Errorf("nats: erase %q: %w", streamID, err)
	}
	return nil
}

// takeShared detaches the state of subject from the adapter, stops its
// watcher and marks it gone; nil if no log of it is open.
func (a *Adapter) takeShared(subject string) (*shared, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, sealstream.ErrClosed
	}
	sh := a.subjects[subject]
	if sh != nil {
		delete(a.subjects, subject)
		sh.stopWatch()
		sh.gone.Store(true)
	}
	return sh, nil
}

// purge removes every message of subject, asking the stream leader.
func (a *Adapter) purge(ctx context.Context, subject string) error {
	body, err := json.Marshal(struct {
		Filter string `json:"filter"`
	}{subject})
	if err != nil {
		return err
	}
	resp, err := a.nc.RequestWithContext(ctx, "$JS.API.STREAM.PURGE."+a.o.Stream, body)
	if err != nil {
		return err
	}
	var r struct {
		Error   *jetstream.APIError `json:"error,omitempty"`
		Success bool                `json:"success"`
	}
	if err := json.Unmarshal(resp.Data, &r); err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	switch {
	case r.Error != nil:
		return r.Error
	case !r.Success:
		return jetstream.ErrInvalidJetStreamResponse
	}
	return nil
}

// appending marks an append in flight on sh, which Erase waits for, until
// the function it returns is called.
func (sh *shared) appending() func() {
	sh.inFlight.RLock()
	return sh.inFlight.RUnlock
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()
