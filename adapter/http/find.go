package httpadapter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// Find returns the version holding each event ID, 0 where none does, from
// the server's index when its storage has one (the file adapter does), or
// an error matching [errors.ErrUnsupported] when it has none: the stream
// package then keeps an index in memory.
func (l *log) Find(ctx context.Context, ids []string) ([]uint64, error) {
	if err := l.check(ctx, "find in"); err != nil {
		return nil, err
	}
	sh := l.sh
	if sh.noFind.Load() {
		return nil, fmt.Errorf("httpadapter: find in %q: the server keeps no event ID index: %w", sh.id, errors.ErrUnsupported)
	}
	at, supported, err := l.findRemote(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("httpadapter: find in %q: %w", sh.id, err)
	}
	if !supported {
		sh.noFind.Store(true)
		return nil, fmt.Errorf("httpadapter: find in %q: the server keeps no event ID index: %w", sh.id, errors.ErrUnsupported)
	}
	return at, nil
}

// findRemote asks the server; supported is false when it has no index.
func (l *log) findRemote(ctx context.Context, ids []string) (at []uint64, supported bool, err error) {
	body, err := json.Marshal(wire.FindRequest{IDs: ids})
	if err != nil {
		return nil, false, err
	}
	err = l.a.c.retry(ctx, func(ctx context.Context) (bool, error) {
		resp, err := l.a.c.send(ctx, http.MethodPost, wire.PathFind, l.query(), body, nil)
		se, isStatus := statusOf(err)
		switch {
		case isStatus && se.status == http.StatusNotImplemented:
			return false, nil
		case isStatus && se.status == http.StatusNotFound:
			at, supported = make([]uint64, len(ids)), true // nothing stored, or out of scope
			return false, nil
		case err != nil:
			return transient(err), err
		}
		defer resp.Body.Close()
		var b wire.FindBody
		if err := json.NewDecoder(io.LimitReader(resp.Body, maxJSONBody+int64(len(ids))*24)).Decode(&b); err != nil {
			return true, fmt.Errorf("decoding the answer: %w", err)
		}
		if len(b.Versions) != len(ids) {
			return false, fmt.Errorf("the server gave %d versions for %d IDs: %w", len(b.Versions), len(ids), sealstream.ErrCorrupt)
		}
		at, supported = b.Versions, true
		return false, nil
	})
	return at, supported, err
}
