package stream

import (
	"context"
	"fmt"
	"iter"

	"github.com/sealstream/sealstream"
)

// Streams yields the IDs of the store's streams that start with prefix (""
// for all), each once, in an order that depends on the storage. It stops
// at the first error, which it yields; breaking out stops it at once.
// Snapshot logs ([Snapshots], IDs starting with [SnapshotPrefix]) are not
// streams and are not listed.
func (s *Store) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		select {
		case <-s.done:
			yield("", fmt.Errorf("stream: list streams: %w", sealstream.ErrClosed))
			return
		default:
		}
		for id, err := range s.adapter.Streams(ctx, prefix) {
			if err != nil {
				err = fmt.Errorf("stream: list streams: %w", err)
			} else if reserved(id) {
				continue
			}
			if !yield(id, err) || err != nil {
				return
			}
		}
	}
}

// forgetter is implemented by Keys that can destroy a stream's keys, such
// as [keyset.Keyring].
type forgetter interface {
	Forget(ctx context.Context, streamID string) error
}

// Erase removes a stream for good: it destroys the stream's keys (as
// Forget does: crypto-shredding, which also covers copies of the log made
// earlier) and then removes its log from the storage: records, files,
// rows or messages, metadata included, which shredding alone leaves.
// It is irreversible. It is refused with [sealstream.ErrInUse] while the
// stream is open in this store (close it first); a warm stream is closed.
// Other stores and processes with the stream open see its keys gone at
// once and its log gone at their next read. The stream's snapshot logs
// ([Snapshots], whatever their names) are erased with it. Erasing a stream
// that does not exist is no error; an ID starting with [SnapshotPrefix] is
// [sealstream.ErrInvalidStreamID].
func (s *Store) Erase(ctx context.Context, id string) error {
	if err := validUserStreamID(id); err != nil {
		return err
	}
	if err := s.startErase(id); err != nil {
		return err
	}
	defer s.endErase(id)
	if f, ok := s.cfg.Keys.(forgetter); ok {
		if err := f.Forget(ctx, id); err != nil {
			return wrap(id, "erase", fmt.Errorf("keys: %w", err))
		}
	}
	if err := s.eraseSnapshots(ctx, id); err != nil {
		return wrap(id, "erase", fmt.Errorf("snapshots: %w", err))
	}
	return wrap(id, "erase", s.adapter.Erase(ctx, id))
}

// eraseSnapshots erases the snapshot logs of stream id, which is being
// erased: they are open only while a stream of id is, so none is.
func (s *Store) eraseSnapshots(ctx context.Context, id string) error {
	var logs []string
	for lid, err := range s.adapter.Streams(ctx, snapshotLogPrefix(id)) {
		if err != nil {
			return err
		}
		logs = append(logs, lid)
	}
	for _, lid := range logs {
		if err := s.claimErase(lid); err != nil {
			return err
		}
		err := s.adapter.Erase(ctx, lid)
		s.endErase(lid)
		if err != nil {
			return err
		}
	}
	return nil
}

// startErase refuses while id is open, closes it if warm, and keeps it
// from being opened until endErase.
func (s *Store) startErase(id string) error {
	return wrap(id, "erase", s.claimErase(id))
}

// claimErase is startErase with errors that do not name the stream.
func (s *Store) claimErase(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return sealstream.ErrClosed
	case s.open[id] != nil || s.erasing[id]:
		return fmt.Errorf("the stream is open in this store: close it first: %w", sealstream.ErrInUse)
	}
	if s.warm != nil {
		s.warm.Remove(id) // closes its logs
	}
	if s.erasing == nil {
		s.erasing = map[string]bool{}
	}
	s.erasing[id] = true
	return nil
}

func (s *Store) endErase(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.erasing, id)
}
