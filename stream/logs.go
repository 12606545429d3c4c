package stream

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream/adapter"
)

// logs holds a handle's adapter log. A log that failed in a way that
// leaves it unusable (a failed write or fsync poisons a file log) is marked
// broken; the next Append replaces it with a freshly opened log, which
// re-verifies the tail, so the stream stays usable without a reopen by the
// user. Replaced logs stay open, for reads in flight, until the handle
// closes; watchers are woken by swapped to move to the new log.
type logs struct {
	cur     atomic.Pointer[logRef]
	broken  atomic.Bool
	swapped adapter.Signal

	mu      sync.Mutex
	retired []adapter.Log
}

type logRef struct{ adapter.Log }

func (ls *logs) current() adapter.Log { return ls.cur.Load().Log }

func (ls *logs) set(l adapter.Log) { ls.cur.Store(&logRef{l}) }

// changed returns a channel closed on the next change of the current log
// or when it is replaced.
func (ls *logs) changed() (<-chan struct{}, <-chan struct{}) {
	return ls.swapped.C(), ls.current().Changed()
}

// replace opens a fresh log for the stream if the current one is broken.
func (h *handle) replaceBroken(ctx context.Context) error {
	ls := &h.logs
	if !ls.broken.Load() {
		return nil
	}
	l, err := h.store.adapter.Open(ctx, h.id)
	if err != nil {
		return err
	}
	old := ls.cur.Swap(&logRef{l})
	ls.mu.Lock()
	ls.retired = append(ls.retired, old.Log)
	ls.mu.Unlock()
	ls.broken.Store(false)
	h.stale = true
	ls.swapped.Notify()
	return nil
}

// close closes the current log and every replaced one.
func (ls *logs) close() {
	ls.mu.Lock()
	retired := ls.retired
	ls.retired = nil
	ls.mu.Unlock()
	for _, l := range retired {
		_ = l.Close()
	}
	_ = ls.current().Close()
	ls.swapped.Notify()
}
