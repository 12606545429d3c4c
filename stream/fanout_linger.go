package stream

import (
	"context"
	"time"
)

// A feed's publish wakes every watcher of the stream; waking one costs
// about half a microsecond of CPU, so 1,000 watchers woken at every
// append of a busy stream would take most of a core from the appenders.
// Under a steady flow of appends the feed therefore lingers after a
// publish, gathering the appends that come meanwhile into the next one:
// for lingerPerWatcher per watcher, at most maxLinger. A stream appended
// to less often than that is never delayed; a watcher's delay is at most
// the linger (2 ms with 1,000 watchers, 20 µs with 10).
const (
	lingerPerWatcher = 2 * time.Microsecond
	maxLinger        = 5 * time.Millisecond
)

// linger returns how long the feed waits after its last publish, at last,
// before the next one, with n watchers.
func linger(n int) time.Duration {
	return min(time.Duration(n)*lingerPerWatcher, maxLinger)
}

// pauseUntil waits until t or until ctx is done, reporting false then.
func pauseUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
