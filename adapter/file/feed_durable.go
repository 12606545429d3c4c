package file

import "os"

// The feed is not fsynced per change (see the package doc, # Change
// feed): a change a crash took away comes back through the marker of the
// adapter that wrote it, left dead. So the marker must be durable before
// the adapter's first change, and the feed must be durable up to every
// position Changes gives before it gives it: a position a machine crash
// took back would be given again, to other changes, and a consumer that
// saved it would skip them.

// markerDurable makes the adapter's first marker durable, before its
// first change goes to the feed: an fsync of "changes.live" and, if the
// adapter created the feed or that directory, of the adapter's directory
// (one OpSyncDir of "changes.live" for Options.Fault). A marker taken
// after a failed write is made durable at once, see feedBroken.
func (a *Adapter) markerDurable() error {
	f := &a.feed
	if f.durable.Load() {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.durable.Load() {
		return nil
	}
	dirs := []string{markerDir}
	if f.created {
		dirs = append(dirs, ".")
	}
	if err := a.fs.syncDirs(dirs...); err != nil {
		return err
	}
	f.created = false
	f.durable.Store(true)
	return nil
}

// syncFeed fsyncs the feed through w, any descriptor of it, and notes the
// size it had before as durable.
func (a *Adapter) syncFeed(w *os.File) error {
	fi, err := w.Stat()
	if err != nil {
		return err
	}
	if err := a.fs.sync(w, feedName); err != nil {
		return err
	}
	a.noteSynced(fi.Size())
	return nil
}

// feedDurable returns the size of the feed, having fsynced it if it grew
// past the size the adapter knows durable.
func (a *Adapter) feedDurable() (int64, error) {
	fi, err := a.feed.f.Stat()
	if err != nil {
		return 0, err
	}
	end := fi.Size()
	if end > a.feed.synced.Load() {
		if err := a.fs.sync(a.feed.f, feedName); err != nil {
			return 0, err
		}
		a.noteSynced(end)
	}
	return end, nil
}

// noteSynced records that the feed is durable up to size.
func (a *Adapter) noteSynced(size int64) {
	for {
		old := a.feed.synced.Load()
		if size <= old || a.feed.synced.CompareAndSwap(old, size) {
			return
		}
	}
}
