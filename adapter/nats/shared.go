package nats

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// markEvery is the spacing of the version → sequence marks a stream keeps,
// so that a read from version v scans at most markEvery-1 records before v.
const markEvery = 128

// mark says that the record with this version has this stream sequence.
// Records are immutable, so a mark never goes stale.
type mark struct{ version, seq uint64 }

// tip is what the adapter knows of a stream's head.
type tip struct {
	mark
	bytes uint64       // encoded bytes of records 1..version
	last  codec.Record // the record at version
}

// shared is the state of one stream, shared by all handles on it within
// one adapter. Everything in it is a hint about the server's state, never
// a substitute for it: the server checks every append.
type shared struct {
	id, subject string
	refs        int // open handles; guarded by Adapter.mu
	signal      adapter.Signal

	mu     sync.Mutex
	tip    tip
	hasTip bool
	seen   uint64 // highest stream sequence known stored for this stream
	recent mark   // the highest mark noted
	marks  []mark // versions that are multiples of markEvery, in order

	watching bool               // guarded by Adapter.mu
	cancel   context.CancelFunc // stops the watcher; guarded by Adapter.mu

	inFlight sync.RWMutex // held shared by an append, exclusively by Erase
	gone     atomic.Bool  // erased: the logs on this state are closed
}

// note records that version is stored at stream sequence seq.
func (sh *shared) note(version, seq uint64) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.seen = max(sh.seen, seq)
	if version > sh.recent.version {
		sh.recent = mark{version, seq}
	}
	if version%markEvery == 0 {
		i, found := slices.BinarySearchFunc(sh.marks, version, func(m mark, v uint64) int {
			return cmp.Compare(m.version, v)
		})
		if !found {
			sh.marks = slices.Insert(sh.marks, i, mark{version, seq})
		}
	}
}

// observe records that seq is stored for this stream, version unknown.
func (sh *shared) observe(seq uint64) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.seen = max(sh.seen, seq)
}

// seenSeq returns the highest stream sequence known stored.
func (sh *shared) seenSeq() uint64 {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.seen
}

// seek returns the closest known mark at or before version v; the zero
// mark (version 0 at sequence 0) if none.
func (sh *shared) seek(v uint64) mark {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	var best mark
	if sh.recent.version <= v {
		best = sh.recent
	}
	if sh.hasTip && sh.tip.version <= v && sh.tip.version > best.version {
		best = sh.tip.mark
	}
	i, _ := slices.BinarySearchFunc(sh.marks, v+1, func(m mark, v uint64) int {
		return cmp.Compare(m.version, v)
	})
	if i > 0 && sh.marks[i-1].version > best.version {
		best = sh.marks[i-1]
	}
	return best
}

// setTip caches t unless a later head is known already.
func (sh *shared) setTip(t tip) {
	sh.note(t.version, t.seq)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if !sh.hasTip || t.version >= sh.tip.version {
		sh.tip, sh.hasTip = t, true
	}
}

// cachedTip returns the cached head, if any.
func (sh *shared) cachedTip() (tip, bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.tip, sh.hasTip
}

// stopWatch stops the watcher, if one runs. Adapter.mu must be held.
func (sh *shared) stopWatch() {
	if sh.cancel != nil {
		sh.cancel()
		sh.cancel = nil
	}
	sh.watching = false
}
