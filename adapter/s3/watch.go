package s3

import (
	"context"
	"time"
)

// poll checks the watched streams every PollInterval until ctx ends. A
// check that fails fires the stream's signal too: its watcher reads, and
// meets the error itself.
func (a *Adapter) poll(ctx context.Context) {
	defer close(a.pollDone)
	t := time.NewTicker(a.opts.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for _, st := range a.watched() {
			if _, err := a.refresh(ctx, st); err != nil {
				if ctx.Err() != nil {
					return
				}
				st.signal.Notify()
			}
		}
	}
}
