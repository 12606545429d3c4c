package file

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// A marker is an empty file in "changes.live" that an adapter creates
// when it opens and holds an exclusive lock on while it may write the
// feed. The feed is written after the stream file's fsync and is not
// fsynced per change (see feed_durable.go), so a crash (of the process
// between the two writes, or of the machine before the feed reached the
// disk) may leave changes out of it; a crash also leaves its marker
// behind, unlocked: dead. Close, after fsyncing the feed, removes the
// marker.

// newMarker creates and locks a marker with a random name. If another
// adapter locks the new file first, taking it for a dead marker, it is
// removed and another name is tried.
func (a *Adapter) newMarker() (*os.File, string, error) {
	for tries := 0; ; tries++ {
		var b [markerBytes]byte
		_, _ = rand.Read(b[:])
		name := hex.EncodeToString(b[:])
		f, err := a.fs.root.OpenFile(markerDir+"/"+name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return nil, "", err
		}
		ok, err := tryLock(f)
		if ok {
			return f, name, nil
		}
		_ = f.Close()
		_ = a.fs.root.Remove(markerDir + "/" + name)
		if err != nil || tries == 9 {
			return nil, "", errors.Join(errors.New("lock a marker"), err)
		}
	}
}

// deadMarker is a marker this adapter locked because no one else held it.
type deadMarker struct {
	f    *os.File
	name string
}

// deadMarkers locks and returns the markers no adapter holds, its own
// excepted.
func (a *Adapter) deadMarkers() ([]deadMarker, error) {
	d, err := a.fs.root.Open(markerDir)
	if err != nil {
		return nil, err
	}
	names, err := d.Readdirnames(-1)
	_ = d.Close()
	if err != nil {
		return nil, err
	}
	a.feed.mu.Lock()
	own := a.feed.name
	a.feed.mu.Unlock()
	var dead []deadMarker
	for _, name := range names {
		if name == own || strings.HasPrefix(name, ".") {
			continue
		}
		f, err := a.fs.root.OpenFile(markerDir+"/"+name, os.O_RDWR, 0)
		if err != nil {
			continue // removed meanwhile
		}
		if ok, _ := tryLock(f); ok {
			dead = append(dead, deadMarker{f, name})
		} else {
			_ = f.Close()
		}
	}
	return dead, nil
}

// release closes the dead markers, removing their files if remove is set.
func (a *Adapter) releaseMarkers(dead []deadMarker, remove bool) {
	for _, m := range dead {
		if remove {
			_ = a.fs.root.Remove(markerDir + "/" + m.name)
		}
		_ = m.f.Close()
	}
}

// feedBroken handles a failed write of the feed: the adapter takes a new
// marker for its later writes, durable at once, and leaves the old one
// dead, then reconciles. If no new marker can be made durable, it keeps
// the old one and leaves it dead at Close.
func (a *Adapter) feedBroken() {
	f := &a.feed
	f.mu.Lock()
	if f.marker == nil {
		f.mu.Unlock()
		return // closed
	}
	m, name, err := a.newMarker()
	if err == nil {
		if err = a.fs.syncDirs(markerDir); err != nil {
			_ = m.Close()
			_ = a.fs.root.Remove(markerDir + "/" + name)
		}
	}
	if err == nil {
		_ = f.marker.Close() // unlocks it: dead
		f.marker, f.name = m, name
	} else {
		f.broken = true
	}
	f.mu.Unlock()
	a.reconcileIfDead()
}
