package file

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/internal/idtable"
)

// idSlack is how many records past the table's mark a Find reads itself,
// and an append adds to the table from the log, before the table is
// brought up to date a chunk at a time.
const idSlack = 1024

// idsSuffix ends the name of a stream's event-ID table file.
const idsSuffix = ".ids"

// ids is this process's handle on a stream's event-ID table, "<file>.ids"
// (see package idtable), which every append updates under the writer lock.
type ids struct {
	mu       sync.RWMutex   // held to use t (read) or to replace or close it
	t        *idtable.Table // nil until first use, or after it failed
	recreate bool           // the table failed: make it anew; guarded by mu
	none     atomic.Bool    // tables cannot be kept here (errors.ErrUnsupported)
	synced   atomic.Int64   // when t was last synced, or opened (Unix ns)
	running  atomic.Bool    // the background catch-up runs
	syncing  atomic.Bool    // a background sync runs

	bgMu    sync.Mutex // orders starting background work with closing
	stopped bool       // closing: no more background work
	wg      sync.WaitGroup
}

// errNoTable is a table closed by another user of it meanwhile.
var errNoTable = errors.New("file: event ID table closed meanwhile")

var _ adapter.Finder = (*log)(nil)

// Find returns the version of the record holding each of idList, or 0
// (see [adapter.Finder]). It looks the IDs up in the stream's table,
// keeping only the versions whose records carry the ID, and reads the
// records after the table's mark itself, first bringing the table up to
// date, a chunk at a time, when that is more than idSlack records. Where
// the table cannot be kept (on systems other than Linux), it gives
// errors.ErrUnsupported.
func (l *log) Find(ctx context.Context, idList []string) ([]uint64, error) {
	s, err := l.live("find")
	if err != nil {
		return nil, err
	}
	if !idtable.Supported() || s.ids.none.Load() {
		return nil, fmt.Errorf("file: event ID table: %w", errors.ErrUnsupported)
	}
	hd, err := l.Head(ctx) // takes in what other processes appended
	if err != nil {
		return nil, err
	}
	var at []uint64
	var m idtable.Mark
	for tries := 0; ; tries++ {
		if err = s.readyTable(ctx, hd.Version); err == nil {
			at, m, err = s.lookupIDs(ctx, idList, hd.Version)
		}
		if !errors.Is(err, errNoTable) || tries == 2 {
			break
		}
	}
	if errors.Is(err, errNoTable) {
		err = s.ioErr("event ID table", err)
	}
	if err != nil {
		return nil, err
	}
	missing := map[string][]int{}
	for i, v := range at {
		if v == 0 {
			missing[idList[i]] = append(missing[idList[i]], i)
		}
	}
	if len(missing) == 0 || m.Version >= hd.Version {
		return at, nil
	}
	for r, err := range l.Read(ctx, m.Version+1) {
		if err != nil {
			return nil, err
		}
		if r.Version > hd.Version {
			break
		}
		for _, i := range missing[r.ID] {
			at[i] = r.Version
		}
	}
	return at, nil
}

// readyTable opens the table at its first use in this process and brings
// it up to head when it is more than idSlack records behind, taking the
// writer lock for each chunk.
func (s *stream) readyTable(ctx context.Context, head uint64) error {
	for tries := 0; ; tries++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.ids.mu.RLock()
		t := s.ids.t
		var m idtable.Mark
		var err error
		if t != nil {
			m, err = t.Mark()
		}
		s.ids.mu.RUnlock()
		if t != nil && err == nil && head <= m.Version+idSlack {
			return nil
		}
		err = s.withWriterLock(ctx, func() error { return s.catchUpIDs(ctx, head, idChunk) })
		switch {
		case errors.Is(err, errNoTable) && tries >= 10:
			return s.ioErr("event ID table", err)
		case err != nil && !errors.Is(err, errFarBehind) && !errors.Is(err, errNoTable):
			return err
		}
	}
}

// lookupIDs looks each ID up in the table, returning the version of the
// record up to head that carries it, or 0, and the table's mark. A table
// found replaced, damaged or cut short is dropped, to be made anew.
func (s *stream) lookupIDs(ctx context.Context, idList []string, head uint64) ([]uint64, idtable.Mark, error) {
	s.ids.mu.RLock()
	t := s.ids.t
	if t == nil {
		s.ids.mu.RUnlock()
		return nil, idtable.Mark{}, errNoTable
	}
	m, err := t.Mark()
	cands := make([][]uint64, len(idList))
	for i := 0; i < len(idList) && err == nil; i++ {
		cands[i], err = t.Lookup(idList[i])
	}
	s.ids.mu.RUnlock()
	switch {
	case err != nil:
		s.dropTable(t, err)
		if errors.Is(err, errors.ErrUnsupported) { // no memory to map more: the stream indexes in memory
			return nil, m, fmt.Errorf("file: event ID table: %w", err)
		}
		return nil, m, errors.Join(errNoTable, err)
	}
	at := make([]uint64, len(idList))
	for i, vs := range cands { // checked against the log, without the table
		for _, v := range vs {
			if v > head {
				continue
			}
			got, err := s.idAt(ctx, v)
			if err != nil {
				return nil, m, err
			}
			if got == idList[i] {
				at[i] = v
				break
			}
		}
	}
	return at, m, nil
}

// idAt returns the event ID of the record at version v.
func (s *stream) idAt(ctx context.Context, v uint64) (string, error) {
	for r, err := range (&log{s: s}).Read(ctx, v) {
		if err != nil || r.Version != v {
			return "", err
		}
		return r.ID, nil
	}
	return "", nil
}

// dropTable closes t, which failed with err, unless it was replaced
// already. The next use opens the table by name again, or makes it anew
// if it was damaged.
func (s *stream) dropTable(t *idtable.Table, err error) {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if s.ids.t == t {
		_ = t.Close()
		s.ids.t = nil
		s.ids.recreate = s.ids.recreate || errors.Is(err, idtable.ErrInvalid)
	}
	if errors.Is(err, errors.ErrUnsupported) {
		s.ids.none.Store(true) // for good: every use would fail the same way
	}
}
