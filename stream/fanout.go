package stream

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/fanout"
)

// The watchers of a stream share one read of it. A handle's feed is a
// reader that runs while the handle has live watchers: it reads each new
// record once, checks its place in the hash chain, and publishes it on a
// ring that holds the newest records (fanWindow of them, within fanBytes).
// Each watcher reads its history by itself, then follows the ring from its
// own position; one that falls out of the ring reads by itself again (a
// slow consumer never holds the appenders or the other watchers back),
// then follows the ring again. Payloads are opened on first need, once per
// identity read as ([As]) for all the watchers reading as it: see
// fanout_open.go.

// fanWindow is how many records a feed's ring holds: 4096 unless a test
// sets another.
var fanWindow = func() *atomic.Int64 {
	var n atomic.Int64
	n.Store(4096)
	return &n
}()

// fanBytes bounds what a feed's ring holds by the records' payloads: their
// sealed bytes and one opened copy (more when watchers read as several
// identities), so that a stream of large events keeps fewer of them.
const fanBytes = 16 << 20

// fanChunk bounds the records the feed publishes at once, and fanBytes/16
// their bytes, so that a long catch-up reaches the watchers as it goes.
const fanChunk = 256

// fanCost is what an item of a feed weighs against fanBytes.
func fanCost(it *fanItem) int64 { return int64(2*len(it.rec.Payload) + len(it.ad) + 256) }

// fanItem is one record of a feed, whose place in the chain the feed's
// reader checked.
type fanItem struct {
	rec  codec.Record
	ad   []byte // the record's AD, capped so that opening it extends a copy
	hash []byte // the record's hash: its successor's Prev
	pass *fanPass
	data atomic.Pointer[shared[opened]] // the payload opened for each identity
}

// fanPass is one read of the feed's reader, up to the head of the moment.
// Watchers reading as one identity share one fetch of the keys per pass,
// as each read fetches them afresh: a Forget made elsewhere is seen by the
// next pass.
type fanPass struct {
	keys atomic.Pointer[shared[*opener]]
}

// shared is a value kept for one identity ("" without [As]) in a short
// lock-free list; mu guards v.
type shared[V any] struct {
	as   string
	next *shared[V]
	mu   sync.Mutex
	done atomic.Bool // v is final and may be read without mu
	v    V
}

// find returns the entry of as in the list at head, adding it if missing.
func find[V any](head *atomic.Pointer[shared[V]], as string) *shared[V] {
	for {
		first := head.Load()
		for e := first; e != nil; e = e.next {
			if e.as == as {
				return e
			}
		}
		e := &shared[V]{as: as, next: first}
		if head.CompareAndSwap(first, e) {
			return e
		}
	}
}

// feed returns the handle's shared feed.
func (h *handle) feed() *fanout.Hub[*fanItem] {
	h.fanOnce.Do(func() {
		lim := fanout.Limits[*fanItem]{Items: int(fanWindow.Load()), Bytes: fanBytes, Cost: fanCost}
		h.fan = fanout.NewHub(lim, h.runFeed)
	})
	return h.fan
}

// runFeed is the feed's reader: it publishes the records from the ring's
// start on, in passes to the head, each after a change of the log, until
// ctx is done. At a read or chain error it returns: the hub closes the
// ring, and each watcher meets the error when it reads by itself.
func (h *handle) runFeed(ctx context.Context, r *fanout.Ring[*fanItem]) {
	c := h.cursor(r.Start())
	batch := make([]*fanItem, 0, fanChunk)
	var size int64
	var last time.Time // of the last publish of records
	publish := func() {
		if len(batch) > 0 {
			r.Publish(batch...)
			last = time.Now()
		}
		clear(batch)
		batch, size = batch[:0], 0
	}
	for {
		swapped, changed := h.logs.changed()
		pass := &fanPass{}
		for rec, err := range c.records(ctx) {
			if err != nil {
				publish()
				return
			}
			it := newFanItem(rec, c.ad, c.prev, pass)
			batch, size = append(batch, it), size+fanCost(it)
			if len(batch) == cap(batch) || size >= fanBytes/16 {
				publish()
			}
		}
		publish()
		select {
		case <-changed:
			if !pauseUntil(ctx, last.Add(linger(h.fan.Subscribers()))) {
				return
			}
		case <-swapped:
		case <-ctx.Done():
			return
		}
	}
}

// newFanItem keeps a verified record with copies of its AD and hash, and
// of its metadata, which the watchers share: the adapter's own is never
// handed out.
func newFanItem(r *codec.Record, ad, hash []byte, pass *fanPass) *fanItem {
	buf := make([]byte, len(ad)+len(hash))
	n := copy(buf, ad)
	copy(buf[n:], hash)
	it := &fanItem{rec: *r, ad: buf[:n:n], hash: buf[n:], pass: pass}
	it.rec.Metadata = maps.Clone(r.Metadata)
	return it
}
