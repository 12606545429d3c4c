// Package fanout shares one producer's output among many readers.
//
// There are two types. A [Ring] is a bounded broadcast buffer: one
// goroutine publishes items at consecutive positions, and any number of
// readers each read from a position of their own, without locks. It holds
// the newest items within its [Limits] (a count, and optionally a total
// cost such as bytes). The publisher never waits for a reader: a reader
// that falls out of what the ring holds finds its position dropped
// ([Behind]) and must catch up by other means before it reads the ring
// again.
//
// A [Hub] runs a producer while it has subscribers: the first [Hub.Join]
// starts the producer on a new ring, the last leave stops it and waits for
// it to return, so no goroutine outlives the subscribers.
//
//	h := fanout.NewHub(fanout.Limits[Item]{Items: 4096}, func(ctx context.Context, r *fanout.Ring[Item]) {
//		// publish with r.Publish until ctx is done
//	})
//	r, leave := h.Join(pos)
//	defer leave()
//	for {
//		wake := r.Changed() // before Get, so that no publish is missed
//		item, st := r.Get(pos)
//		switch st {
//		case fanout.Ready: // use item; pos++
//		case fanout.Pending: // <-wake
//		case fanout.Behind: // read pos elsewhere, then come back
//		case fanout.Closed: // the producer returned: leave, then join again
//		}
//	}
//
// It is internal: the stream package shares one read of a stream among
// its watchers through it.
package fanout
