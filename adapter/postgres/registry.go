package postgres

import (
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream/adapter"
)

// registry holds the shared state of the streams that have open logs in
// one adapter: their change signal and the highest head seen. Appends in
// this process, notifications and polls all report heads to it; a head
// above the highest seen fires the stream's signal.
type registry struct {
	mu      sync.Mutex
	streams map[string]*streamState
}

type streamState struct {
	refs   int
	known  uint64
	signal adapter.Signal

	inFlight sync.RWMutex // held shared by an append, exclusively by Erase
	gone     atomic.Bool  // erased: the logs of this state are closed
}

func (r *registry) init() { r.streams = map[string]*streamState{} }

// acquire returns the state of id, counting one more open log.
func (r *registry) acquire(id string) *streamState {
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.streams[id]
	if !ok {
		st = &streamState{}
		r.streams[id] = st
	}
	st.refs++
	return st
}

// release counts one open log of id with state st fewer, forgetting the
// stream at zero. The state of an erased stream is forgotten already.
func (r *registry) release(id string, st *streamState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.streams[id] == st {
		if st.refs--; st.refs <= 0 {
			st.signal.Notify()
			delete(r.streams, id)
		}
	}
}

// seen records that id has reached head v, firing its signal if that is
// news. Streams without open logs are ignored.
func (r *registry) seen(id string, v uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, ok := r.streams[id]; ok && v > st.known {
		st.known = v
		st.signal.Notify()
	}
}

// notifyAll fires every signal: after a reconnect, or on Close.
func (r *registry) notifyAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, st := range r.streams {
		st.signal.Notify()
	}
}

// erase forgets the state of id, if any, marks it gone and returns it.
func (r *registry) erase(id string) *streamState {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.streams[id]
	if st != nil {
		delete(r.streams, id)
		st.gone.Store(true)
	}
	return st
}

// ids returns the streams with open logs.
func (r *registry) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]string, 0, len(r.streams))
	for id := range r.streams {
		ids = append(ids, id)
	}
	return ids
}
