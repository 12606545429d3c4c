package mem

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/sealstream/sealstream"
)

// Streams yields the IDs starting with prefix of the streams that hold at
// least one record, in byte order of their IDs, as of the call. A stream
// opened but never appended to is not listed. A canceled ctx yields ctx's
// error; after Close, an error matching [sealstream.ErrClosed].
func (a *Adapter) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := ctx.Err(); err != nil {
			yield("", err)
			return
		}
		ids, err := a.list(prefix)
		if err != nil {
			yield("", err)
			return
		}
		for i, id := range ids {
			if i%256 == 255 {
				if err := ctx.Err(); err != nil {
					yield("", err)
					return
				}
			}
			if !yield(id, nil) {
				return
			}
		}
	}
}

// list returns the sorted IDs with records that start with prefix.
func (a *Adapter) list(prefix string) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, fmt.Errorf("mem: list streams: %w", sealstream.ErrClosed)
	}
	var ids []string
	for id, s := range a.logs {
		if strings.HasPrefix(id, prefix) && s.size() > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (s *store) size() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.n
}
