package file

import "time"

// SetSyncEvery sets how often appends sync the event-ID table, until the
// returned function restores it.
func SetSyncEvery(d time.Duration) func() {
	old := syncEvery
	syncEvery = d
	return func() { syncEvery = old }
}
