package s3

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sealstream/sealstream"
)

// Erase deletes every object of streamID, up to 1,000 per request: its
// hint and segments, then its commits from the newest down, then its
// index object, so that the stream stays listed until it is gone and an
// interrupted Erase can be run again. Logs of the stream open in this adapter are
// closed first (later calls return [sealstream.ErrClosed], their Changed
// channels are closed), after the appends in flight on them end. Appends
// through other adapters or processes racing an Erase may leave commits
// behind: stop them first. Logs of the stream open in other adapters
// keep the head they knew: their reads fail with
// [sealstream.ErrIntegrity] (commits missing below it), and an append
// through one would land past the erased commits, out of sight, so close
// them before erasing and reopen them after. Erasing a stream
// that does not exist is no error; after Close it returns an error
// matching [sealstream.ErrClosed].
func (a *Adapter) Erase(ctx context.Context, streamID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkStreamID(streamID); err != nil {
		return err
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return fmt.Errorf("s3: erase %q: %w", streamID, sealstream.ErrClosed)
	}
	st := a.streams[streamID]
	delete(a.streams, streamID)
	a.mu.Unlock()
	if st != nil {
		st.mu.Lock()
		st.erased = true
		st.mu.Unlock()
		st.writes.Lock() // waits for the appends in flight
		st.writes.Unlock()
		st.signal.Notify()
	}
	keys := keysFor(a.loc.prefix, streamID)
	var commits, others []string
	for key, err := range a.b.list(ctx, keys.dir) {
		if err != nil {
			return fmt.Errorf("s3: erase %q: list its objects: %w", streamID, err)
		}
		if strings.HasPrefix(key, keys.dir+"c/") {
			commits = append(commits, key)
		} else {
			others = append(others, key)
		}
	}
	slices.Reverse(commits) // keys sort by commit number
	if err := a.b.remove(ctx, append(append(others, commits...), keys.index)); err != nil {
		return fmt.Errorf("s3: erase %q: %w", streamID, err)
	}
	return nil
}
